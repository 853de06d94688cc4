#!/usr/bin/env node
// `npm test`: lint, build, typecheck, then every test. Ends with a plain "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const steps = [
  ['lint', 'npx', ['biome', 'check', '.']],
  ['build', 'npm', ['run', 'build']],
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['package', 'node', ['scripts/check-package.mjs']],
];

function run(name, command, args) {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

for (const [name, command, args] of steps) {
  if (!run(name, command, args)) {
    console.log(`\n${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const report = '.vitest-results.json';
rmSync(report, { force: true });
const ok = run('test', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
let passed = 0;
let failed = ok ? 0 : 1;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (ok ? 0 : Math.max(0, 1 - results.numFailedTests));
  if (results.numTotalTests === 0) failed = Math.max(failed, 1);
} catch {
  failed = Math.max(failed, 1);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
