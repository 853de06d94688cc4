// Used by the packages' bin files in a clone of the repository only: when a package's dist/ is missing
// (right after `npm install`, before any build), builds it and what it references with `tsc -b`
// (incremental, types not checked: `npm run build` / `npm run typecheck` check them). A published
// package always ships dist/, so this file is never reached there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Builds the package whose `tsconfig.build.json` is given when `entry` does not exist yet.
 * Progress goes to stderr, so `TOKEN=$(npx logto-guard token ...)` still captures the token alone.
 *
 * @param {URL} entry the built file the bin runs, e.g. `dist/cli/bin.js`
 * @param {URL} tsconfig the package's `tsconfig.build.json`
 */
export function buildIfMissing(entry, tsconfig) {
  if (existsSync(entry)) return;
  const project = fileURLToPath(tsconfig);
  const tsc = createRequire(project).resolve('typescript/bin/tsc');
  process.stderr.write(`building ${fileURLToPath(new URL('.', tsconfig))} (first run after npm install)\n`);
  const { status } = spawnSync(process.execPath, [tsc, '-b', project, '--noCheck'], { stdio: 'inherit' });
  if (status !== 0 || !existsSync(entry)) {
    process.stderr.write('error: the build failed; run `npm run build` at the repository root\n');
    process.exit(1);
  }
}
