// A key set with bad entries keeps its good keys and reports the bad ones; bodies above the cap are refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { createKeySet, type KeyIssue } from '../../src/core/key-set.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const now = () => Date.UTC(2026, 0, 15, 12, 0, 0);
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

/** Serves `body(path)` as JSON on 127.0.0.1; `chunked` leaves out Content-Length. */
async function serve(body: (path: string) => string, chunked = false): Promise<string> {
  const server = createServer((req, res) => {
    const text = body(req.url ?? '/');
    res.writeHead(
      200,
      chunked ? { 'content-type': 'application/json' } : { 'content-length': Buffer.byteLength(text) },
    );
    if (chunked) {
      for (let i = 0; i < text.length; i += 16_384) res.write(text.slice(i, i + 16_384));
      res.end();
    } else res.end(text);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function otherPublicJwk(kid: string) {
  const { publicKey } = await generateKeyPair('ES384', { extractable: true });
  return { ...(await exportJWK(publicKey)), kid };
}

async function check(guard: ReturnType<typeof createGuard>, token: string) {
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
  return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
}

describe('a key set with bad entries', () => {
  it('keeps every good key usable and reports each bad entry once per read', async () => {
    const issuer = await createTestIssuer({ now });
    await issuer.rotateKeys('RS256');
    const [rsa, ec] = issuer.jwks().keys as Record<string, unknown>[];
    const rsaToken = await issuer.mintApiToken(API);
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const entries = [
      'not an object',
      { kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'AAAA', kid: 'broken' },
      ec,
      { ...(await otherPublicJwk(String(ec?.kid))) }, // same kid as the EC key, other material
      { ...(await exportJWK(privateKey)), kid: 'private' },
      { kty: 'oct', k: 'c2VjcmV0', kid: 'symmetric' },
      { kty: 'EC', crv: 'secp256k1', x: 'AAAA', y: 'AAAA', kid: 'other-curve' },
      { ...(await otherPublicJwk('')) },
      { ...(await otherPublicJwk('encryption')), use: 'enc' },
      rsa,
    ];
    const url = await serve(() => JSON.stringify({ keys: entries }));
    const issues: KeyIssue[] = [];
    const keySet = createKeySet({
      jwksUri: async () => `${url}/jwks`,
      fetch,
      timeout: 2_000,
      cacheMaxAge: 600_000,
      cooldown: 1_000,
      now,
      onKeyIssue: (issue) => {
        issues.push(issue);
        throw new Error('a throwing hook is ignored');
      },
    });
    const ecKey = await keySet.getKey({ alg: 'ES384', kid: String(ec?.kid) });
    expect(ecKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-384' });
    const rsaKey = await keySet.getKey({ alg: 'RS256', kid: String(rsa?.kid) });
    expect(rsaKey.type).toBe('public');
    expect(issues.map(({ code, index, kid }) => ({ code, index, kid }))).toEqual([
      { code: 'malformed_key', index: 0, kid: undefined },
      { code: 'malformed_key', index: 1, kid: 'broken' },
      { code: 'duplicate_kid', index: 3, kid: ec?.kid },
      { code: 'private_key', index: 4, kid: 'private' },
      { code: 'private_key', index: 5, kid: 'symmetric' },
      { code: 'unsupported_key', index: 6, kid: 'other-curve' },
      { code: 'missing_kid', index: 7, kid: undefined },
    ]);
    for (const issue of issues) expect(issue.detail).not.toMatch(/AAAA|c2VjcmV0/);
    await expect(keySet.getKey({ alg: 'ES384', kid: 'broken' })).rejects.toMatchObject({
      code: 'unknown_key',
    });

    // Through a guard: tokens of both good keys are accepted; the first entry of a duplicated kid wins.
    const guard = createGuard({ jwksUri: `${url}/jwks`, issuer: issuer.issuer, audience: API, now });
    expect(await check(guard, rsaToken)).toBe(200);
    await issuer.rotateKeys('ES384');
    expect(await check(guard, await issuer.mintApiToken(API, { header: { kid: ec?.kid } }))).toBe(
      '401 invalid_signature',
    );
  });

  it('reads at most 100 keys and reports the rest as one issue', async () => {
    const good = await otherPublicJwk('k');
    const keys = Array.from({ length: 150 }, (_, i) => ({ ...good, kid: `k${i}` }));
    const url = await serve(() => JSON.stringify({ keys }));
    const issues: KeyIssue[] = [];
    const keySet = createKeySet({
      jwksUri: async () => url,
      fetch,
      timeout: 2_000,
      cacheMaxAge: 600_000,
      cooldown: 1_000,
      now,
      onKeyIssue: (issue) => issues.push(issue),
    });
    expect((await keySet.getKey({ alg: 'ES384', kid: 'k99' })).type).toBe('public');
    expect(issues).toEqual([
      { code: 'too_many_keys', index: 100, detail: 'only the first 100 keys are read' },
    ]);
  });

  it('answers 503 for a document that is not a key set', async () => {
    const issuer = await createTestIssuer({ now });
    const url = await serve(() => JSON.stringify({ keys: { not: 'an array' } }));
    const guard = createGuard({ jwksUri: `${url}/jwks`, issuer: issuer.issuer, audience: API, now });
    expect(await check(guard, await issuer.mintApiToken(API))).toBe('503 jwks_unavailable');
  });
});

describe('body size cap (256 KiB) on the JWKS and discovery', () => {
  for (const chunked of [false, true]) {
    const how = chunked ? 'chunked, no Content-Length' : 'with Content-Length';
    it(`refuses a JWKS above the cap (${how}) and accepts one just below it`, async () => {
      const issuer = await createTestIssuer({ now });
      let padding = 300 * 1024;
      const url = await serve(
        () => JSON.stringify({ ...issuer.jwks(), padding: 'x'.repeat(padding) }),
        chunked,
      );
      const token = await issuer.mintApiToken(API);
      const big = createGuard({ jwksUri: `${url}/jwks`, issuer: issuer.issuer, audience: API, now });
      expect(await check(big, token)).toBe('503 jwks_unavailable');
      padding = 250 * 1024;
      const fits = createGuard({ jwksUri: `${url}/jwks`, issuer: issuer.issuer, audience: API, now });
      expect(await check(fits, token)).toBe(200);
    });

    it(`refuses a discovery document above the cap (${how})`, async () => {
      const issuer = await createTestIssuer({ now });
      const url = await serve(
        (path) =>
          path.endsWith('/openid-configuration')
            ? JSON.stringify({
                issuer: `${url}/oidc`,
                jwks_uri: `${url}/oidc/jwks`,
                padding: 'x'.repeat(10 << 20),
              })
            : JSON.stringify(issuer.jwks()),
        chunked,
      );
      const guard = createGuard({ endpoint: url, audience: API, now });
      expect(await check(guard, await issuer.mintApiToken(API))).toBe('503 discovery_failed');
    });
  }
});
