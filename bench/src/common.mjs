// Shared settings and helpers of the benchmark.
import { cpus, totalmem } from 'node:os';
import { createTestIssuer } from 'logto-guard/testing';

export const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
export const AUDIENCE = 'https://api.bench.test';
export const SCOPES = ['read:data', 'write:data'];

/** Settings per mode. `pool` must exceed the guard's default cache (10 000 entries) so a cycling pool never hits. */
// autocannon counts whole seconds.
export const settings = QUICK
  ? {
      mode: 'quick',
      pool: 11_000,
      microSeconds: 0.1,
      microRounds: 3,
      httpSeconds: 1,
      warmupSeconds: 1,
      rounds: 1,
      cacheOff: false,
      memoryTokens: 50_000,
      connections: 16,
    }
  : {
      mode: 'full',
      pool: 20_000,
      microSeconds: 0.12,
      microRounds: 15,
      httpSeconds: 2,
      warmupSeconds: 1,
      rounds: 5,
      cacheOff: true,
      memoryTokens: 1_000_000,
      connections: 16,
    };

export function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** A listening test issuer of `alg` and a pool of distinct Logto access tokens for AUDIENCE. */
export async function issuerWithPool(alg, size) {
  const issuer = await createTestIssuer({ alg, listen: true });
  const pool = new Array(size);
  const batch = 64;
  for (let i = 0; i < size; i += batch) {
    const n = Math.min(batch, size - i);
    const minted = await Promise.all(
      Array.from({ length: n }, (_, j) =>
        issuer.mintApiToken(AUDIENCE, { scopes: SCOPES, subject: `user-${i + j}`, expiresIn: 4 * 3600 }),
      ),
    );
    for (let j = 0; j < n; j++) pool[i + j] = minted[j];
  }
  if (new Set(pool).size !== size) throw new Error('token pool has duplicates');
  return { alg, issuer, pool };
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const log = (...args) => console.error(...args);
