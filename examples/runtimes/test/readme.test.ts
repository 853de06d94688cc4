// The README's Runtimes table names the versions these tests ran on: the installed ones.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { bun, deno, miniflareVersion, workerd } from './support/runtimes.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('## Runtimes'), readme.indexOf('### Cloudflare Workers'));
const versionOf = (runtime: string) =>
  table
    .split('\n')
    .find((line) => line.startsWith(`| ${runtime}`))
    ?.split('|')[2]
    ?.trim();
const nextVersion: string = createRequire(import.meta.url)('next/package.json').version;

describe('README Runtimes table', () => {
  it('names the installed versions', () => {
    expect({
      node: process.versions.node.startsWith(`${versionOf('Node.js')}.`),
      bun: versionOf('Bun'),
      deno: versionOf('Deno'),
      workers: versionOf('Cloudflare Workers'),
      next: versionOf('Next.js'),
    }).toEqual({
      node: true,
      // A runtime that is not installed is skipped by its own test file; nothing to compare here.
      bun: bun.version ?? versionOf('Bun'),
      deno: deno.version ?? versionOf('Deno'),
      workers:
        workerd.version === undefined
          ? versionOf('Cloudflare Workers')
          : `workerd ${workerd.version} (miniflare ${miniflareVersion})`,
      next: nextVersion,
    });
  });
});
