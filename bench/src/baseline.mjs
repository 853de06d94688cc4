// The "before" build for same-run comparisons: logto-guard's sources at a git ref (BENCH_BASELINE, e.g.
// BENCH_BASELINE=296885f), compiled once into bench/.baseline/<sha>/ (git-ignored). Its dist resolves
// jose, fastify-plugin and the frameworks from the repository's node_modules, like the current build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { log } from './common.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The dist directory of logto-guard at `ref`, built on first use; undefined without a ref. */
export function baselineDist(ref = process.env.BENCH_BASELINE) {
  if (!ref) return undefined;
  const sha = execFileSync('git', ['rev-parse', '--short=12', `${ref}^{commit}`], { cwd: root })
    .toString()
    .trim();
  const dir = `${root}bench/.baseline/${sha}/`;
  const dist = `${dir}packages/logto-guard/dist/`;
  if (existsSync(`${dist}core/index.js`)) return dist;
  log(`building the baseline (logto-guard at ${ref} = ${sha}) in bench/.baseline/${sha}/ ...`);
  mkdirSync(dir, { recursive: true });
  const paths = ['tsconfig.base.json', 'packages/logto-guard/src', 'packages/logto-guard/package.json'];
  paths.push('packages/logto-guard/tsconfig.build.json');
  const archive = execFileSync('git', ['archive', '--format=tar', sha, ...paths], {
    cwd: root,
    maxBuffer: 1 << 28,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  execFileSync(
    process.execPath,
    [`${root}node_modules/typescript/bin/tsc`, '-p', `${dir}packages/logto-guard/tsconfig.build.json`],
    {
      cwd: dir,
      stdio: 'inherit',
    },
  );
  return dist;
}

/** The module of logto-guard's entry `entry` ('core', 'express', ...) in `dist`, or the current build. */
export function guardModule(entry, dist) {
  if (dist === undefined) return import(entry === 'core' ? 'logto-guard' : `logto-guard/${entry}`);
  return import(`${dist}${entry}/index.js`);
}
