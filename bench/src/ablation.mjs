// How close to the synchronous `crypto.verify` floor a verifier of new RS256 tokens can get, one in flight:
// a stripped-down verifier adding one stage at a time (split and the two Buffers; the base64url regular
// expression; the header segment compared with the last one; the payload decoded and parsed; a small frozen
// result object; then wrapped in a promise, or in an async function), against the floor on pre-built
// buffers, alternating in short slices. CPU µs per token and floor / case. Not part of `npm run bench`.
// Usage: node src/ablation.mjs
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { issuerWithPool, median } from './common.mjs';

const { issuer, pool } = await issuerWithPool('RS256', 12000);
const jwk = issuer.jwks().keys[0];
const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
const P = pool.length;
const floorInputs = pool.slice(0, 2000).map((t) => {
  const d = t.lastIndexOf('.');
  return { data: Buffer.from(t.slice(0, d)), signature: Buffer.from(t.slice(d + 1), 'base64url') };
});
const re = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
let lastSeg = '';
function lean(t, level) {
  const a = t.indexOf('.');
  const b = t.indexOf('.', a + 1);
  if (t.indexOf('.', b + 1) !== -1) throw 1;
  if (level >= 1 && !re.test(t)) throw 2;
  if (level >= 2 && !(lastSeg.length === a && t.startsWith(lastSeg))) lastSeg = t.slice(0, a);
  let claims;
  if (level >= 3)
    claims = JSON.parse(
      atob(
        t
          .slice(a + 1, b)
          .replace(/-/g, '+')
          .replace(/_/g, '/'),
      ),
    );
  const ok = nodeVerify(
    'sha256',
    Buffer.from(t.slice(0, b), 'latin1'),
    keyObject,
    Buffer.from(t.slice(b + 1), 'base64url'),
  );
  if (!ok) throw 3;
  if (level >= 4) {
    Object.freeze(claims);
    return { sub: claims.sub, claims, scopes: Object.freeze(claims.scope.split(' ')) };
  }
  return claims;
}
const walk = (level) => {
  let c = 1;
  return () => lean(pool[c++ % P], level);
};
const walkP = (level) => {
  let c = 1;
  return () => Promise.resolve(lean(pool[c++ % P], level));
};
const walkA = (level) => {
  let c = 1;
  return async () => {
    await undefined;
    return lean(pool[c++ % P], level);
  };
};
const cases = [
  [
    'floor',
    (i) => nodeVerify('sha256', floorInputs[i % 2000].data, keyObject, floorInputs[i % 2000].signature),
  ],
  ['lean0 split+buffers', walk(0)],
  ['lean1 +regex', walk(1)],
  ['lean2 +header', walk(2)],
  ['lean3 +payload', walk(3)],
  ['lean4 +obj', walk(4)],
  ['lean4 Promise.resolve', walkP(4)],
  ['lean4 async+await', walkA(4)],
];
const samples = new Map(cases.map(([n]) => [n, []]));
for (let round = 0; round < 20; round++)
  for (let k = 0; k < cases.length; k++) {
    const [name, fn] = cases[(k + round) % cases.length];
    const c0 = process.cpuUsage();
    const end = performance.now() + 150;
    let n = 0;
    while (performance.now() < end) for (let j = 0; j < 32; j++) await fn(n++);
    const c = process.cpuUsage(c0);
    samples.get(name).push((c.user + c.system) / n);
  }
const floor = median(samples.get('floor'));
for (const [name, list] of samples) {
  const m = median(list);
  console.log(name.padEnd(24), m.toFixed(2), (floor / m).toFixed(3));
}
await issuer.close();
