// The layering rules of DEVELOPERS.md, checked on the sources: the core imports only jose and itself
// (Web-standard APIs, so it runs on Bun, Deno and Workers) and loads `node:crypto` at run time in one
// declared place; adapters only translate through the core entry and the adapter kit; the testing kit
// uses the core through its public entry.
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

interface Dependency {
  target: string;
  /** `import type`, `export type` or a type-position `import('x')`: erased from the build. */
  typeOnly: boolean;
}

/** Every module a file names: static imports and re-exports, and `import('x')` expressions. */
function dependencies(file: string): Dependency[] {
  const text = readFileSync(file, 'utf8');
  const statements = [...text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?[^'"]*?from\s+'([^']+)'/g)].map(
    (match) => ({ target: match[3] as string, typeOnly: match[2] !== undefined }),
  );
  const expressions = [...text.matchAll(/(typeof\s+)?import\('([^']+)'\)/g)].map((match) => ({
    target: match[2] as string,
    typeOnly: match[1] !== undefined || /\)\.[A-Z]/.test(text.slice(match.index, match.index + 80)),
  }));
  return [...statements, ...expressions];
}

/** Modules loaded at run time by name, `process.getBuiltinModule('x')`; `null` for a non-literal name. */
function builtinLoads(file: string): (string | null)[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\.getBuiltinModule\(\s*(?:'([^']+)')?/g)].map((match) => match[1] ?? null);
}

const inside = (dir: string, file: string, target: string) =>
  target.startsWith('.') && !relative(join(src, dir), join(file, '..', target)).startsWith('..');

const adapters = ['express', 'fastify', 'hono', 'koa', 'nestjs', 'fetch', 'mcp'];

// The only run-time dependency of the core outside jose: the Node.js signature path.
const declaredBuiltinLoads: Record<string, string[]> = { 'core/signature/node.ts': ['node:crypto'] };

describe('architecture', () => {
  it('core files import only jose and other core files (node:* as erased types only)', () => {
    for (const file of sources(join(src, 'core'))) {
      const name = relative(src, file);
      for (const { target, typeOnly } of dependencies(file)) {
        const allowed =
          target === 'jose' || inside('core', file, target) || (typeOnly && target.startsWith('node:'));
        expect([name, target, allowed]).toEqual([name, target, true]);
      }
    }
  });

  it('the core loads node:crypto at run time only where declared, with its type import beside it', () => {
    const found: Record<string, string[]> = {};
    for (const file of sources(src)) {
      const loads = [...new Set(builtinLoads(file))];
      if (loads.length === 0) continue;
      const name = relative(src, file);
      expect([name, loads.includes(null)]).toEqual([name, false]);
      found[name] = loads as string[];
      const typeImports = dependencies(file)
        .filter((dependency) => dependency.typeOnly && dependency.target.startsWith('node:'))
        .map((dependency) => dependency.target);
      for (const load of loads) expect([name, typeImports]).toEqual([name, expect.arrayContaining([load])]);
    }
    expect(found).toEqual(declaredBuiltinLoads);
  });

  it('core files name no Node-only global (an Edge-runtime bundler refuses them even on paths never run)', () => {
    // Bare identifiers only: `globalThis`-typed reads (as the signature path does) are fine. Comments are skipped.
    const nodeGlobals =
      /(?<![.\w$])(setImmediate|clearImmediate|process|require|__dirname|__filename)\b(?!\s*\??:)/;
    for (const file of sources(join(src, 'core'))) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''");
      expect([relative(src, file), code.match(nodeGlobals)?.[0]]).toEqual([relative(src, file), undefined]);
    }
  });

  it('adapters import only their framework, the core entry point and the adapter kit', () => {
    for (const adapter of adapters) {
      for (const file of sources(join(src, adapter))) {
        for (const { target } of dependencies(file)) {
          const allowed =
            target === '../core/index.js' ||
            target === '../core/adapter-kit.js' ||
            inside(adapter, file, target) ||
            !target.startsWith('.');
          expect([relative(src, file), target, allowed]).toEqual([relative(src, file), target, true]);
          expect(target).not.toBe('jose');
        }
      }
    }
  });

  it('the testing kit imports only jose, node:http/node:net, itself, the core entry point and the adapter kit', () => {
    for (const file of sources(join(src, 'testing'))) {
      for (const { target } of dependencies(file)) {
        const allowed =
          target === 'jose' ||
          target === 'node:http' ||
          target === 'node:net' ||
          target === '../core/index.js' ||
          target === '../core/adapter-kit.js' ||
          inside('testing', file, target);
        expect([relative(src, file), target, allowed]).toEqual([relative(src, file), target, true]);
      }
    }
  });

  it('the Hono and fetch adapters use nothing from node:*', () => {
    for (const adapter of ['hono', 'fetch']) {
      for (const file of sources(join(src, adapter))) {
        expect(dependencies(file).filter(({ target }) => target.startsWith('node:'))).toEqual([]);
      }
    }
  });
});
