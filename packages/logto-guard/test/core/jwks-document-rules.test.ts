// Which entries of an issuer's JWKS verify tokens, and what `onFailure` says about the ones skipped, as an
// operator sees it: a token signed with the key is accepted or refused, and each skipped entry is one
// `key_set` event with its index, kid and a fixed sentence. The JWKS is served over HTTP on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessTokenAlgorithm,
  createGuard,
  type FailureEvent,
  globalApi,
} from '../../src/core/index.js';

const API = 'https://api.example.com';
const ISSUER = 'https://tenant.example.com/oidc';
const clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const ALGORITHMS: AccessTokenAlgorithm[] = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

let served: unknown[] = [];
let server: Server;
let jwksUri: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

async function keyPair(alg: string, options: { crv?: string } = {}) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return { privateKey, jwk: (await exportJWK(publicKey)) as JWK };
}

const sign = async (privateKey: CryptoKey, alg: string, kid: string) =>
  new SignJWT({ client_id: 'app-1', sub: 'user-1', iss: ISSUER, aud: API })
    .setProtectedHeader({ alg, typ: 'at+jwt', kid })
    .setIssuedAt(clock / 1000)
    .setExpirationTime(clock / 1000 + 3600)
    .sign(alg === 'PS256' ? await importJWK(await exportJWK(privateKey), 'PS256') : privateKey);

/** A guard over the served JWKS; `events` collects its key_set events. */
function guardOver(keys: unknown[]) {
  served = keys;
  const events: FailureEvent[] = [];
  const guard = createGuard({
    jwksUri,
    issuer: ISSUER,
    audience: API,
    algorithms: ALGORITHMS,
    jwksCooldown: 0, // a made-up kid is looked up again at once: no wait on the frozen clock
    now: () => clock,
    onFailure: (event) => {
      if (event.type === 'key_set') events.push(event);
    },
  });
  const check = async (token: string) => {
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
  };
  return { events, check };
}

const unsupported = 'entry has a key type, curve or "alg" no accepted algorithm uses';

describe('JWKS entries', () => {
  it('verifies EdDSA tokens of an Ed25519 key, and skips OKP keys of other curves as unsupported', async () => {
    const ed = await keyPair('EdDSA');
    const { events, check } = guardOver([
      { ...ed.jwk, kid: 'ed' },
      { kty: 'OKP', crv: 'X25519', x: 'AAAA', kid: 'x25519' },
      { kty: 'OKP', crv: 'P-256', x: 'AAAA', y: 'AAAA', kid: 'okp-p256' },
    ]);
    expect(await check(await sign(ed.privateKey, 'EdDSA', 'ed'))).toBe(200);
    expect(events).toEqual([
      {
        type: 'key_set',
        code: 'unsupported_key',
        issuer: ISSUER,
        index: 1,
        kid: 'x25519',
        detail: unsupported,
      },
      {
        type: 'key_set',
        code: 'unsupported_key',
        issuer: ISSUER,
        index: 2,
        kid: 'okp-p256',
        detail: unsupported,
      },
    ]);
  });

  it('uses an RSA key for every RSA algorithm accepted, unless its own alg names one', async () => {
    const any = await keyPair('RS256');
    const pinned = await keyPair('RS256');
    const ec = await keyPair('ES384');
    const { events, check } = guardOver([
      { ...any.jwk, kid: 'rsa-any' },
      { ...pinned.jwk, kid: 'rsa-rs256', alg: 'RS256' },
      { ...ec.jwk, kid: 'ec-es512', alg: 'ES512' },
    ]);
    expect(await check(await sign(any.privateKey, 'RS256', 'rsa-any'))).toBe(200);
    expect(await check(await sign(any.privateKey, 'PS256', 'rsa-any'))).toBe(200);
    expect(await check(await sign(pinned.privateKey, 'RS256', 'rsa-rs256'))).toBe(200);
    expect(await check(await sign(pinned.privateKey, 'PS256', 'rsa-rs256'))).toMatch(/^401 /);
    expect(events).toEqual([
      {
        type: 'key_set',
        code: 'unsupported_key',
        issuer: ISSUER,
        index: 2,
        kid: 'ec-es512',
        detail: unsupported,
      },
    ]);
  });

  it('ignores, without reporting them, keys whose use or key_ops exclude verifying signatures', async () => {
    const pairs = await Promise.all([1, 2, 3, 4, 5].map(() => keyPair('ES256')));
    const [enc, signOnly, opsString, sig, verify] = pairs as [
      (typeof pairs)[0],
      (typeof pairs)[0],
      (typeof pairs)[0],
      (typeof pairs)[0],
      (typeof pairs)[0],
    ];
    const { events, check } = guardOver([
      { ...enc.jwk, kid: 'enc', use: 'enc' },
      { ...signOnly.jwk, kid: 'sign-only', key_ops: ['sign'] },
      { ...opsString.jwk, kid: 'ops-string', key_ops: 'verify' },
      { ...sig.jwk, kid: 'sig', use: 'sig' },
      { ...verify.jwk, kid: 'verify', key_ops: ['verify'] },
    ]);
    expect(await check(await sign(sig.privateKey, 'ES256', 'sig'))).toBe(200);
    expect(await check(await sign(verify.privateKey, 'ES256', 'verify'))).toBe(200);
    for (const [pair, kid] of [
      [enc, 'enc'],
      [signOnly, 'sign-only'],
      [opsString, 'ops-string'],
    ] as const) {
      expect(await check(await sign(pair.privateKey, 'ES256', kid))).toMatch(/^401 /);
    }
    expect(events).toEqual([]);
  });

  it('reports each skipped entry once, with its index, its kid when it has one and a fixed sentence', async () => {
    const good = await keyPair('ES256');
    const other = await keyPair('ES256');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { events, check } = guardOver([
      null,
      [good.jwk],
      'text',
      { ...good.jwk, kid: '' },
      { ...(await exportJWK(privateKey)), kid: 'private' },
      { kty: 'oct', k: 'c2VjcmV0', kid: 'symmetric' },
      { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA', kid: 'broken' },
      { ...good.jwk, kid: 'good' },
      { ...other.jwk, kid: 'good' },
      { ...good.jwk, kid: 5 },
      { kty: 'XYZ', crv: 'Ed25519', x: 'AAAA', kid: 'odd-type' },
    ]);
    expect(await check(await sign(good.privateKey, 'ES256', 'good'))).toBe(200);
    const entry = (index: number, code: string, detail: string, kid?: string) => ({
      type: 'key_set',
      code,
      issuer: ISSUER,
      index,
      ...(kid === undefined ? {} : { kid }),
      detail,
    });
    expect(events).toStrictEqual([
      entry(0, 'malformed_key', 'entry is not a JSON object'),
      entry(1, 'malformed_key', 'entry is not a JSON object'),
      entry(2, 'malformed_key', 'entry is not a JSON object'),
      entry(3, 'missing_kid', 'entry has no "kid"'),
      entry(4, 'private_key', 'entry holds private or symmetric key material', 'private'),
      entry(5, 'private_key', 'entry holds private or symmetric key material', 'symmetric'),
      entry(6, 'malformed_key', 'entry could not be imported as a public key', 'broken'),
      entry(8, 'duplicate_kid', 'an earlier entry has the same "kid"; this one is skipped', 'good'),
      entry(9, 'missing_kid', 'entry has no "kid"'),
      entry(10, 'unsupported_key', unsupported, 'odd-type'),
    ]);
  });

  it('reads a key set of exactly 100 keys whole, without an event', async () => {
    const good = await keyPair('ES256');
    const keys = Array.from({ length: 100 }, (_, i) => ({ ...good.jwk, kid: `k${i}` }));
    const { events, check } = guardOver(keys);
    expect(await check(await sign(good.privateKey, 'ES256', 'k99'))).toBe(200);
    expect(events).toEqual([]);
  });
});
