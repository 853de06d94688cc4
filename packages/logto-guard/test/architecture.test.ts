// The layering rules of DEVELOPERS.md, checked on the sources: the core imports only jose and itself
// (Web-standard APIs, so it runs on Bun, Deno and Workers), and adapters only translate through the core.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map(
    (match) => match[1] as string,
  );
}

const adapters = ['express', 'fastify', 'hono', 'koa', 'nestjs', 'fetch'];

describe('architecture', () => {
  it('core files import only jose and other core files', () => {
    for (const file of sources(join(src, 'core'))) {
      const name = relative(src, file);
      for (const target of imports(file)) {
        const inCore =
          target.startsWith('.') &&
          relative(join(src, 'core'), join(file, '..', target)).startsWith('..') === false;
        const allowed = target === 'jose' || inCore;
        expect([name, target, allowed]).toEqual([name, target, true]);
      }
    }
  });

  it('adapters import only their framework, the core entry point and the adapter kit', () => {
    for (const adapter of adapters) {
      for (const file of sources(join(src, adapter))) {
        for (const target of imports(file)) {
          const allowed =
            target === '../core/index.js' ||
            target === '../core/adapter-kit.js' ||
            target.startsWith('./') ||
            !target.startsWith('.');
          expect([relative(src, file), target, allowed]).toEqual([relative(src, file), target, true]);
          expect(target).not.toBe('jose');
        }
      }
    }
  });

  it('the Hono and fetch adapters use nothing from node:*', () => {
    for (const adapter of ['hono', 'fetch']) {
      for (const file of sources(join(src, adapter))) {
        expect(imports(file).filter((target) => target.startsWith('node:'))).toEqual([]);
      }
    }
  });
});
