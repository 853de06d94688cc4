// One verification in flight, new tokens only: logto-guard's `guard.verify` (default cache, every call a
// miss; and cache off) against the synchronous `crypto.verify` floor, alternating in short slices so the
// ratio compares cases measured close together. With BENCH_BASELINE, the "before" build too.
// Usage: node src/cold.mjs [alg=RS256] [rounds=20] [slice seconds=0.15]
// Profile: node --cpu-prof --cpu-prof-dir=results/profiles/cold src/cold.mjs RS256 20 0.15 guard
// (a fifth argument keeps only the cases whose name contains it).
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createGuard } from 'logto-guard';
import { baselineDist, guardModule } from './baseline.mjs';
import { AUDIENCE, issuerWithPool, median } from './common.mjs';

const [alg = 'RS256', roundsArg = '20', sliceArg = '0.15', only] = process.argv.slice(2);
const rounds = Number(roundsArg);
const slice = Number(sliceArg) * 1000;
const { issuer, pool } = await issuerWithPool(alg, 12_000);
const options = { issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE };
const jwk = issuer.jwks().keys[0];
const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
const floorKey = alg.startsWith('ES') ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject;
const hash = alg.endsWith('384') ? 'sha384' : 'sha256';
const floorInputs = pool.slice(0, 2000).map((t) => {
  const dot = t.lastIndexOf('.');
  return { data: Buffer.from(t.slice(0, dot)), signature: Buffer.from(t.slice(dot + 1), 'base64url') };
});
const cold = createGuard(options);
const off = createGuard({ ...options, tokenCache: false });
const before = baselineDist();
const beforeGuard = before && (await guardModule('core', before)).createGuard(options);
for (const g of [cold, off, beforeGuard]) if (g) await g.verify(pool[0]);
const P = pool.length;
// Each guard walks the whole pool in order from its own cursor: a token comes back only after 12,000
// others, more than the cache holds, so every call misses.
const walk = (guard) => {
  let cursor = 1;
  return () => guard.verify(pool[cursor++ % P]);
};
const cases = [
  ['floor', (i) => nodeVerify(hash, floorInputs[i % 2000].data, floorKey, floorInputs[i % 2000].signature)],
  ['guard cold', walk(cold)],
  ['guard cache off', walk(off)],
  ...(beforeGuard ? [['guard before', walk(beforeGuard)]] : []),
].filter(([name]) => only === undefined || name === 'floor' || name.includes(only));
const samples = new Map(cases.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < cases.length; k++) {
    const [name, fn] = cases[(k + round) % cases.length];
    const cpu0 = process.cpuUsage();
    const end = performance.now() + slice;
    let n = 0;
    while (performance.now() < end) {
      for (let j = 0; j < 32; j++) await fn(n++);
    }
    const cpu = process.cpuUsage(cpu0);
    samples.get(name).push((cpu.user + cpu.system) / n);
  }
}
const floor = median(samples.get('floor'));
for (const [name, list] of samples) {
  const m = median(list);
  console.log(
    `${alg} ${name.padEnd(16)} ${m.toFixed(2).padStart(7)} µs CPU (${Math.min(...list).toFixed(1)}–${Math.max(...list).toFixed(1)}), floor / this ${(floor / m).toFixed(3)}×`,
  );
}
await issuer.close();
