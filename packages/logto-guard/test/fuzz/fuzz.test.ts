// Property-based fuzzing of the guard (fast-check). `npm test` runs a bounded subset (a few seconds);
// `npm run fuzz` runs 1,000,000+ inputs (FUZZ_INPUTS, FUZZ_SEED). Prints counts and seed.
import { expect, it } from 'vitest';
import { runFuzz } from './run.js';

const total = Number(process.env.FUZZ_INPUTS ?? 6_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
// Mostly the core in process (volume); 4% over HTTP through the six adapters; 1% JWKS documents.
const plan = {
  seed,
  core: Math.round(total * 0.95),
  http: Math.round(total * 0.04),
  jwks: Math.round(total * 0.01),
};

it(
  `answers ${total.toLocaleString('en-US')} generated inputs within the contract, accepting only genuine tokens (seed ${seed})`,
  async () => {
    const report = await runFuzz(plan);
    console.log(`fuzz report: ${JSON.stringify(report, null, 2)}`);
    expect(report.examples).toEqual([]);
    expect({
      crashes: report.crashes,
      hangs: report.hangs,
      violations: report.violations,
      forged: report.forgedAccepted,
    }).toEqual({
      crashes: 0,
      hangs: 0,
      violations: 0,
      forged: 0,
    });
    expect(report.inputs + report.skippedHeaders).toBe(plan.core + 6 * Math.ceil(plan.http / 6) + plan.jwks);
  },
  Math.max(60_000, total * 2),
);
