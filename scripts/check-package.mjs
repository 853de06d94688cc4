#!/usr/bin/env node
// Packaging check of every package meant for users (the workspaces that are not `private`): the
// manifest has what a published package needs, publint (strict) passes, and @arethetypeswrong/cli
// passes on the packed tarball.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const manifests = root.workspaces
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);
const names = new Set(manifests.map(({ manifest }) => manifest.name));

/** What publint does not check: the fields users and registries rely on. */
function manifestProblems({ dir, manifest }) {
  const problems = [];
  for (const field of ['files', 'engines', 'repository', 'homepage', 'license', 'description']) {
    if (manifest[field] === undefined) problems.push(`no "${field}"`);
  }
  if (manifest.exports === undefined && manifest.bin === undefined)
    problems.push('neither "exports" nor "bin"');
  // Warned about rather than failed: a package's README may land after its code (the registry page is then empty).
  if (!existsSync(join(dir, 'README.md'))) console.warn(`warning: ${dir} has no README.md`);
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    // A workspace dependency must name a version range, or the published manifest says "*".
    if (names.has(name) && !/^[\^~]?\d/.test(range))
      problems.push(`dependency ${name}@"${range}" is not a version`);
  }
  return problems.map((problem) => `${dir}/package.json: ${problem}`);
}

const sh = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'logto-guard-pack-'));
let ok = true;
for (const entry of manifests) {
  const problems = manifestProblems(entry);
  for (const problem of problems) console.error(problem);
  ok = problems.length === 0 && ok;
  const before = new Set(readdirSync(dir));
  if (!sh('npm', ['pack', '--silent', '--pack-destination', dir, '-w', entry.dir])) {
    ok = false;
    continue;
  }
  const tarball = join(
    dir,
    readdirSync(dir).find((file) => !before.has(file)),
  );
  ok = sh('npx', ['publint', '--strict', entry.dir]) && ok;
  // ESM-only by design: CommonJS `require` of an ESM package works from Node 20.19 on.
  ok = sh('npx', ['attw', tarball, '--profile', 'esm-only', '--format', 'table-flipped']) && ok;
}
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
