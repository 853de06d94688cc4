// The README shows these files verbatim; this keeps the two from drifting apart.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const examples = readdirSync(new URL('examples/frameworks/src/', root)).filter((name) =>
  name.endsWith('.ts'),
);

describe('README framework examples', () => {
  it('covers every framework example file', () => {
    expect(examples.sort()).toEqual([
      'custom-adapter.ts',
      'express.ts',
      'fastify.ts',
      'fetch.ts',
      'hono.ts',
      'koa.ts',
      'mcp.ts',
      'multi-tenant.ts',
      'nestjs.ts',
      'observability.ts',
      'openapi-express.ts',
      'openapi-fastify.ts',
      'openapi-nestjs.ts',
      'resource-metadata.ts',
    ]);
  });

  it.each(examples)('shows examples/frameworks/src/%s exactly as it is type-checked', (name) => {
    const source = readFileSync(new URL(`examples/frameworks/src/${name}`, root), 'utf8');
    expect(blocks).toContain(source);
  });
});
