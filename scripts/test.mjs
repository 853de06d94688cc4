#!/usr/bin/env node
// `npm test`: lint, build, typecheck, packaging check, then every test, and logto-guard's tests once more
// on the WebCrypto signature path. Ends with a plain "N passed, N failed" line.
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
  return spawnSync(command, args, { stdio: 'inherit' }).status === 0;
}

for (const [name, command, args] of steps) {
  if (!run(name, command, args)) {
    console.log(`\n${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const suites = [
  ['test', []],
  ['test (WebCrypto signature path)', ['--config', 'vitest.webcrypto.config.ts', 'packages/logto-guard']],
];
let passed = 0;
let failed = 0;
for (const [index, [name, args]] of suites.entries()) {
  const report = `.vitest-results-${index}.json`;
  rmSync(report, { force: true });
  const ok = run(name, 'npx', [
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    // A run that failed without a failing test (a crash, an unhandled error) or ran nothing still fails.
    if ((!ok && results.numFailedTests === 0) || results.numTotalTests === 0) failed += 1;
  } catch {
    failed += 1;
  }
  rmSync(report, { force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
