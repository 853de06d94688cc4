/**
 * Bundles a runtime entry (src/bun.ts, src/deno.ts, src/worker.ts) with esbuild into dist/. The contract
 * routes import logto-guard's sources; they are pointed at its build, the code users install. For Bun and
 * Deno the packages stay external, so those runtimes resolve `logto-guard`, `hono` and `jose` from
 * node_modules themselves; a Worker gets one self-contained file, as wrangler would make it.
 */
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = new URL('../../', import.meta.url);
const signatureModule = fileURLToPath(
  new URL('../../packages/logto-guard/dist/core/signature/index.js', root),
);

function toBuiltLibrary(external: boolean): Plugin {
  return {
    name: 'logto-guard-build',
    setup(b) {
      // The contract routes import '../../src/core/index.js' (logto-guard's sources).
      b.onResolve({ filter: /^\.\.\/\.\.\/src\/core\/index\.js$/ }, (args) => {
        if (!args.importer.includes('/test/contract/')) return undefined;
        if (external) return { path: 'logto-guard', external: true };
        return b.resolve('logto-guard', { kind: 'import-statement', resolveDir: args.resolveDir });
      });
      b.onResolve({ filter: /^logto-guard-signature$/ }, () => ({ path: signatureModule, external }));
    },
  };
}

/** Bundles `entry` (a file name in src/), with esbuild's `define`, and returns the bundle's path. */
export async function bundle(
  entry: string,
  target: 'server' | 'worker',
  define: Record<string, string> = {},
): Promise<string> {
  const outfile = fileURLToPath(new URL(`dist/${entry.replace(/\.ts$/, `.${target}.js`)}`, root));
  const external = target === 'server';
  await build({
    entryPoints: [fileURLToPath(new URL(`src/${entry}`, root))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: target === 'worker' ? 'neutral' : 'node',
    target: 'es2022',
    external: external ? ['logto-guard', 'logto-guard/*', 'hono', 'hono/*', 'jose', '@hono/node-server'] : [],
    mainFields: ['module', 'main'],
    conditions: target === 'worker' ? ['workerd', 'worker', 'browser'] : [],
    plugins: [toBuiltLibrary(external)],
    define,
    logLevel: 'warning',
  });
  return outfile;
}
