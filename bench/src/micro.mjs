// Micro benchmark: verifications per second, in this process, one call in flight at a time (c1) and
// 16 in flight (c16, lets the thread pool work for async verifiers), with the CPU time per verification.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createVerifier as fastJwtVerifier } from 'fast-jwt';
import { importJWK, jwtVerify } from 'jose';
import { createGuard } from 'logto-guard';
import { AUDIENCE, log, settings } from './common.mjs';

const hashOf = { ES256: 'sha256', ES384: 'sha384', RS256: 'sha256' };

async function measure(fn, concurrency, seconds) {
  // warm-up
  const warmEnd = performance.now() + Math.min(200, seconds * 250);
  let i = 0;
  while (performance.now() < warmEnd) await fn(i++);
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  if (concurrency === 1) {
    while (performance.now() < end) {
      for (let k = 0; k < 64; k++) await fn(i++);
      n += 64;
    }
  } else {
    const batch = new Array(concurrency);
    while (performance.now() < end) {
      for (let k = 0; k < concurrency; k++) batch[k] = fn(i++);
      await Promise.all(batch);
      n += concurrency;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { opsPerSec: n / elapsed, cpuMicrosPerOp: (cpu.user + cpu.system) / n, ops: n };
}

/** Runs every micro measurement for one alg; `pool` holds distinct tokens of `issuer`. */
export async function microFor({ alg, issuer, pool }, seconds = settings.microSeconds) {
  const jwk = issuer.jwks().keys[0];
  const cryptoKey = await importJWK(jwk, alg);
  const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
  const pem = keyObject.export({ type: 'spki', format: 'pem' });
  const guardOptions = { issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE };
  const coldGuard = createGuard(guardOptions); // default cache; the pool is larger than it, so every call misses
  const warmGuard = createGuard(guardOptions);
  const noCacheGuard = createGuard({ ...guardOptions, tokenCache: false });
  const one = pool[0];
  await Promise.all([coldGuard.verify(one), warmGuard.verify(one), noCacheGuard.verify(one)]);
  const P = pool.length;
  const jose = (t) =>
    jwtVerify(t, cryptoKey, { issuer: issuer.issuer, audience: AUDIENCE, typ: 'at+jwt', algorithms: [alg] });
  const fast = fastJwtVerifier({
    key: pem,
    algorithms: [alg],
    allowedIss: issuer.issuer,
    allowedAud: AUDIENCE,
  });
  const floorInputs = pool.slice(0, 2000).map((t) => {
    const dot = t.lastIndexOf('.');
    return { data: Buffer.from(t.slice(0, dot)), signature: Buffer.from(t.slice(dot + 1), 'base64url') };
  });
  const floorKey = alg.startsWith('ES') ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject;
  const hash = hashOf[alg];
  const cases = [
    ['logto-guard cold (new token)', (i) => coldGuard.verify(pool[i % P]), [1, 16]],
    ['logto-guard cold, cache off', (i) => noCacheGuard.verify(pool[i % P]), [1]],
    ['logto-guard warm (cache hit)', () => warmGuard.verify(one), [1]],
    ['jose jwtVerify', (i) => jose(pool[i % P]), [1, 16]],
    ['fast-jwt (sync)', (i) => fast(pool[i % P]), [1]],
    [
      'node:crypto.verify alone (sync floor)',
      (i) => {
        const { data, signature } = floorInputs[i % floorInputs.length];
        if (!nodeVerify(hash, data, floorKey, signature)) throw new Error('bad signature');
      },
      [1],
    ],
  ];
  const rows = [];
  for (const [name, fn, concurrencies] of cases) {
    for (const concurrency of concurrencies) {
      const r = await measure(fn, concurrency, name.includes('warm') ? Math.min(seconds, 0.5) : seconds);
      rows.push({ alg, name, concurrency, ...r });
      log(
        `  micro ${alg} ${name} c${concurrency}: ${Math.round(r.opsPerSec)}/s, ${r.cpuMicrosPerOp.toFixed(2)} µs CPU/op`,
      );
    }
  }
  return rows;
}

/** Cost of one cache hit: `guard.verify` of a token seen before, many in a row, in µs per call. */
export async function cacheHitCost({ issuer, pool }) {
  const guard = createGuard({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE });
  const tokens = pool.slice(0, 1000);
  for (const t of tokens) await guard.verify(t);
  const samples = [];
  for (let round = 0; round < 7; round++) {
    const n = 200_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) await guard.verify(tokens[i % 1000]);
    samples.push(((performance.now() - start) * 1000) / n);
  }
  samples.sort((a, b) => a - b);
  return { microsPerHit: samples[3], samples, distinctTokensInCache: tokens.length };
}
