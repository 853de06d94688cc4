// Memory benchmark (child process): a guard with its default token cache checks N distinct valid
// Logto-shaped tokens, each twice as a client reusing it would (the cache admits a token on its second
// sighting, so every token enters it and the cache's bound is what limits memory) (ES256, minted here with node:crypto because minting N ES384 tokens would take
// longer than the verification itself); RSS and heap are sampled as it goes. Prints one JSON line.
// Usage: node --expose-gc memory.mjs <N>

import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { createGuard, globalApi } from 'logto-guard';

const total = Number(process.argv[2] ?? 1_000_000);
const issuer = 'http://127.0.0.1:1/oidc';
const audience = 'https://api.bench.test';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });
const kid = await calculateJwkThumbprint(jwk);
const jwks = { keys: [{ ...jwk, kid, alg: 'ES256', use: 'sig' }] };
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = b64({ alg: 'ES256', typ: 'at+jwt', kid });
const iat = Math.floor(Date.now() / 1000);

function mint(i) {
  const payload = b64({
    jti: randomUUID(),
    sub: `user-${i}`,
    iat,
    exp: iat + 3600,
    client_id: 'app-1',
    iss: issuer,
    aud: audience,
    scope: 'read:data write:data',
  });
  const input = `${header}.${payload}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const guard = createGuard({
  issuer,
  jwksUri: `${issuer}/jwks`,
  audience,
  fetch: async () => Response.json(jwks),
});
const policy = globalApi({ scopes: ['read:data'] });
const cacheBound = guard.options.tokenCache.maxEntries;

function sample(done) {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { tokens: done, rssMiB: m.rss / 2 ** 20, heapUsedMiB: m.heapUsed / 2 ** 20 };
}

const samples = [sample(0)];
const every = Math.max(10_000, Math.floor(total / 20));
const marks = new Set([cacheBound, 2 * cacheBound]);
const start = performance.now();
const batch = 32;
for (let done = 0; done < total; ) {
  const n = Math.min(batch, total - done);
  const tokens = Array.from({ length: n }, (_, j) => `Bearer ${mint(done + j)}`);
  const outcomes = [];
  for (let round = 0; round < 2; round += 1) {
    outcomes.push(
      ...(await Promise.all(
        tokens.map((authorization) => guard.check({ authorization, request: null }, policy)),
      )),
    );
  }
  for (const outcome of outcomes) if (!outcome.ok) throw new Error(`rejected: ${outcome.error.code}`);
  const before = done;
  done += n;
  for (const mark of marks) if (before < mark && done >= mark) samples.push(sample(done));
  if (Math.floor(before / every) !== Math.floor(done / every)) samples.push(sample(done));
}
samples.sort((a, b) => a.tokens - b.tokens);
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ tokens: total, cacheBound, seconds, samples }));
