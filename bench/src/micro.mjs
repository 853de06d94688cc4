// Micro benchmark: verifications per second, in this process, one call in flight at a time (c1) and
// 16 in flight (c16, lets the thread pool work for async verifiers), with the CPU time per verification.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createVerifier as fastJwtVerifier } from 'fast-jwt';
import { importJWK, jwtVerify } from 'jose';
import { createGuard, globalApi } from 'logto-guard';
import { baselineDist, guardModule } from './baseline.mjs';
import { AUDIENCE, log, median, settings } from './common.mjs';

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
  const before = baselineDist();
  const beforeGuard = before && (await guardModule('core', before)).createGuard(guardOptions);
  const one = pool[0];
  await Promise.all([
    coldGuard.verify(one),
    warmGuard.verify(one),
    noCacheGuard.verify(one),
    beforeGuard?.verify(one),
  ]);
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
  // Each guard walks the pool from its own offset, so no guard ever sees a token it has cached.
  const walk = (guard, offset) => (i) => guard.verify(pool[(offset + i) % P]);
  const cases = [
    ['logto-guard cold (new token)', walk(coldGuard, 0), [1, 16]],
    ...(beforeGuard ? [['logto-guard before, cold (new token)', walk(beforeGuard, 0), [1, 16]]] : []),
    ['logto-guard cold, cache off', walk(noCacheGuard, 0), [1]],
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
  // Rounds: every case once per round in short slices, the order rotating, so a burst of other work on
  // the machine (shared with other jobs) lands on different cases, and a ratio compares cases measured
  // about a second apart; the row is the median over rounds, with the lowest and highest round.
  const runs = new Map();
  const flat = cases.flatMap(([name, fn, concurrencies]) => concurrencies.map((c) => [name, fn, c]));
  const rounds = settings.microRounds;
  const offsets = new Map();
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < flat.length; k++) {
      const [name, fn, concurrency] = flat[(k + round) % flat.length];
      const key = `${name}|${concurrency}`;
      // every guard keeps walking the pool where it stopped
      const start = offsets.get(name) ?? 0;
      let last = start;
      const step = (n) => {
        last = start + n;
        return fn(last);
      };
      const r = await measure(step, concurrency, name.includes('warm') ? Math.min(seconds, 0.5) : seconds);
      offsets.set(name, last + 1);
      if (!runs.has(key)) runs.set(key, []);
      runs.get(key).push(r);
    }
  }
  const rows = [];
  for (const [name, , concurrency] of flat) {
    const list = runs.get(`${name}|${concurrency}`);
    const ops = list.map((r) => r.opsPerSec);
    const row = {
      alg,
      name,
      concurrency,
      opsPerSec: median(ops),
      opsMin: Math.min(...ops),
      opsMax: Math.max(...ops),
      cpuMicrosPerOp: median(list.map((r) => r.cpuMicrosPerOp)),
      rounds: list,
    };
    rows.push(row);
    log(
      `  micro ${alg} ${name} c${concurrency}: ${Math.round(row.opsPerSec)}/s (${Math.round(row.opsMin)}–${Math.round(row.opsMax)}), ${row.cpuMicrosPerOp.toFixed(2)} µs CPU/op`,
    );
  }
  return rows;
}

/** Cost of one cache hit: `guard.verify` of a token seen before, many in a row, in µs per call. */
export async function cacheHitCost({ issuer, pool }) {
  const options = { issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE };
  const before = baselineDist();
  const guards = [['after', createGuard(options), globalApi({ scopes: ['read:data'] })]];
  if (before) {
    const m = await guardModule('core', before);
    guards.push(['before', m.createGuard(options), m.globalApi({ scopes: ['read:data'] })]);
  }
  const tokens = pool.slice(0, 1000);
  // A header as a server hands it over: a string built per request (its hash not yet computed).
  const headers = tokens.map((t) => `Bearer ${t}`);
  const fresh = (i) => `${headers[i % 1000].slice(0, 7)}${headers[i % 1000].slice(7)}`;
  const result = {};
  for (const [, guard] of guards) {
    for (const t of tokens) {
      await guard.verify(t);
      await guard.verify(t);
    }
  }
  const n = settings.mode === 'quick' ? 50_000 : 200_000;
  const samples = Object.fromEntries(
    guards.flatMap(([name]) => [
      [`${name}-verify`, []],
      [`${name}-check`, []],
    ]),
  );
  for (let round = 0; round < 7; round++) {
    for (const [name, guard, policy] of guards) {
      let start = performance.now();
      for (let i = 0; i < n; i++) await guard.verify(tokens[i % 1000]);
      samples[`${name}-verify`].push(((performance.now() - start) * 1000) / n);
      const request = {};
      start = performance.now();
      for (let i = 0; i < n; i++) {
        const outcome = await guard.check({ authorization: fresh(i), params: {}, request }, policy);
        if (!outcome.ok) throw new Error('cache-hit check failed');
      }
      samples[`${name}-check`].push(((performance.now() - start) * 1000) / n);
    }
  }
  for (const [key, list] of Object.entries(samples)) {
    list.sort((a, b) => a - b);
    result[key] = { median: list[3], min: list[0], max: list[6] };
  }
  return {
    microsPerHit: result['after-verify'].median,
    samples: result,
    distinctTokensInCache: tokens.length,
  };
}
