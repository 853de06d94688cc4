import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const policy = globalApi({ scopes: ['read'] });
let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => clock;
const issuers: TestIssuer[] = [];

async function start(options: Parameters<typeof createTestIssuer>[0] = {}) {
  const issuer = await createTestIssuer({ listen: true, now, ...options });
  issuers.push(issuer);
  return issuer;
}
afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

const guardFor = (issuer: TestIssuer, options: Partial<GuardOptions> = {}) =>
  createGuard({ endpoint: issuer.endpoint, audience: API, now, tokenCache: false, ...options });

async function status(guard: ReturnType<typeof createGuard>, token: string) {
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, policy);
  return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
}

describe('key set over real HTTP', () => {
  it('accepts tokens of the new key after a rotation, and of the previous key', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    const before = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(guard, before)).toBe(200);
    await issuer.rotateKeys();
    const after = await issuer.mintApiToken(API, { scopes: ['read'] });
    clock += 1_000; // one cooldown after the first fetch: the unknown kid refetches at once
    expect(await status(guard, after)).toBe(200);
    expect(await status(guard, before)).toBe(200);
    expect(issuer.jwksRequests).toBe(2);
  });

  it('accepts keys of mixed types (EC and RSA) in one set', async () => {
    const issuer = await start({ alg: 'ES384' });
    const ec = await issuer.mintApiToken(API, { scopes: ['read'] });
    await issuer.rotateKeys('RS256');
    const rsa = await issuer.mintApiToken(API, { scopes: ['read'] });
    const guard = guardFor(issuer);
    expect(await status(guard, rsa)).toBe(200);
    expect(await status(guard, ec)).toBe(200);
  });

  it('keeps accepting tokens of known keys when the JWKS goes down after warm-up', async () => {
    const issuer = await start();
    const guard = guardFor(issuer, { jwksCacheMaxAge: 1_000 });
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(guard, token)).toBe(200);
    issuer.setOutage('error');
    clock += 60_000; // the cached set is stale: a background refresh fails
    expect(await status(guard, token)).toBe(200);
    expect(await status(guard, token)).toBe(200);
  });

  it('answers 503 jwks_unavailable, not 401, while no key set could ever be loaded, then recovers', async () => {
    const issuer = await start();
    const guard = createGuard({ jwksUri: issuer.jwksUri, issuer: issuer.issuer, audience: API, now });
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    issuer.setOutage('error');
    expect(await status(guard, token)).toBe('503 jwks_unavailable');
    issuer.setOutage('none');
    clock += 2_000; // past the short failure back-off
    expect(await status(guard, token)).toBe(200);
  });

  it('answers 503 discovery_failed when discovery is down at start-up, without crashing, then recovers', async () => {
    const issuer = await start();
    issuer.setOutage('error');
    const guard = guardFor(issuer);
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(guard, token)).toBe('503 discovery_failed');
    issuer.setOutage('none');
    clock += 2_000;
    expect(await status(guard, token)).toBe(200);
  });

  it('rejects a discovery document that names another issuer', async () => {
    const issuer = await createTestIssuer({ now });
    const lying: typeof fetch = async (input, init) => {
      const response = await issuer.fetch(input, init);
      if (!String(input).endsWith('/openid-configuration')) return response;
      return Response.json({ ...(await response.json()), issuer: 'https://evil.example.com/oidc' });
    };
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, now, fetch: lying });
    expect(await status(guard, await issuer.mintApiToken(API))).toBe('503 discovery_failed');
  });

  it('answers within the fetch timeout when the JWKS hangs', async () => {
    const issuer = await start();
    issuer.setOutage('hang');
    const guard = createGuard({
      jwksUri: issuer.jwksUri,
      issuer: issuer.issuer,
      audience: API,
      now,
      fetchTimeout: 200,
    });
    const started = performance.now();
    expect(await status(guard, await issuer.mintApiToken(API))).toBe('503 jwks_unavailable');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('answers unknown kids at once past a long cooldown, and refetches once per cooldown', async () => {
    const issuer = await start();
    const guard = guardFor(issuer, { jwksCooldown: 30_000 });
    const good = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(guard, good)).toBe(200);
    const forged = await Promise.all(
      Array.from({ length: 50 }, (_, i) => issuer.mintApiToken(API, { header: { kid: `unknown-${i}` } })),
    );
    const results = await Promise.all(forged.map((token) => status(guard, token)));
    expect(new Set(results)).toEqual(new Set(['401 unknown_key']));
    expect(issuer.jwksRequests).toBe(1); // within the cooldown of the first fetch: none
    clock += 30_000;
    expect(await status(guard, forged[0] as string)).toBe('401 unknown_key');
    expect(issuer.jwksRequests).toBe(2);
    clock += 10_000;
    expect(await status(guard, forged[1] as string)).toBe('401 unknown_key');
    expect(issuer.jwksRequests).toBe(2);
  });

  it('shares one JWKS request between concurrent first requests', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () => issuer.mintApiToken(API, { scopes: ['read'] })),
    );
    const results = await Promise.all(tokens.map((token) => status(guard, token)));
    expect(results.every((result) => result === 200)).toBe(true);
    expect(issuer.jwksRequests).toBe(1);
  });
});
