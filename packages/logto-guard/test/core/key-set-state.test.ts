// guard.keySets() and guard.warmUp() over real HTTP: a test issuer listening on 127.0.0.1, its JWKS taken
// down and brought back; the clock is the guard's injected `now`, so back-off is stepped, never waited for.
import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const policy = globalApi({ scopes: ['read'] });
let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => clock;
const issuers: TestIssuer[] = [];

async function start() {
  const issuer = await createTestIssuer({ listen: true, now });
  issuers.push(issuer);
  return issuer;
}
afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

const guardFor = (issuer: TestIssuer, options: Partial<GuardOptions> = {}) =>
  createGuard({ endpoint: issuer.endpoint, audience: API, now, ...options });

describe('guard.keySets()', () => {
  it('reports one key set with no keys before anything was fetched, and fetches nothing', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    expect(guard.keySets()).toEqual([
      {
        issuers: [issuer.issuer],
        loaded: false,
        keyCount: 0,
        jwksUri: undefined,
        lastSuccessAt: undefined,
        lastFailure: undefined,
        consecutiveFailures: 0,
      },
    ]);
    expect(issuer.jwksRequests).toBe(0);
  });

  it('reports the keys the first request loaded', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect((await guard.check({ authorization: `Bearer ${token}`, request: {} }, policy)).ok).toBe(true);
    expect(guard.keySets()[0]).toMatchObject({
      loaded: true,
      keyCount: 1,
      jwksUri: issuer.jwksUri,
      lastSuccessAt: clock,
    });
  });

  it('keeps a key set loaded when a later fetch fails, and reports that failure', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    await guard.warmUp();
    await issuer.rotateKeys();
    const newKid = await issuer.mintApiToken(API, { scopes: ['read'] });
    issuer.setOutage('error');
    clock += 1_000; // past the cooldown: the unknown kid fetches at once, and that fetch fails
    const outcome = await guard.check({ authorization: `Bearer ${newKid}`, request: {} }, policy);
    expect(outcome.ok ? 200 : outcome.response.status).toBe(503);
    const [state] = guard.keySets();
    expect(state).toMatchObject({ loaded: true, keyCount: 1, consecutiveFailures: 1 });
    expect(state?.lastFailure).toEqual({
      at: clock,
      code: 'jwks_unavailable',
      detail: 'JSON Web Key Set could not be loaded',
      cause: [{ message: `${issuer.jwksUri} answered HTTP 503`, url: issuer.jwksUri, status: 503 }],
    });
  });

  it('gives one entry per tenant, naming the issuers of each', async () => {
    const [first, second] = [await start(), await start()];
    const guard = createGuard({
      issuer: [first.issuer, second.issuer],
      jwksUri: { [first.issuer]: first.jwksUri, [second.issuer]: second.jwksUri },
      audience: API,
      now,
    });
    second.setOutage('error');
    const states = await guard.warmUp();
    expect(states.map((state) => [state.issuers, state.loaded])).toEqual([
      [[first.issuer], true],
      [[second.issuer], false],
    ]);
    expect(states[1]?.lastFailure?.code).toBe('jwks_unavailable');
  });
});

describe('guard.warmUp()', () => {
  it('loads the keys before the first request, once: a loaded key set is not fetched again', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    const [state] = await guard.warmUp();
    expect(state).toMatchObject({ loaded: true, keyCount: 1, jwksUri: issuer.jwksUri, lastSuccessAt: clock });
    expect(issuer.jwksRequests).toBe(1);
    clock += 60_000;
    await guard.warmUp();
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect((await guard.check({ authorization: `Bearer ${token}`, request: {} }, policy)).ok).toBe(true);
    expect(issuer.jwksRequests).toBe(1);
  });

  it('reports a JWKS that is down as not loaded, backs off, and loads the keys once it is back', async () => {
    const issuer = await start();
    const guard = createGuard({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: API, now });
    issuer.setOutage('error');
    const failedAt = clock;
    const [down] = await guard.warmUp();
    expect(down).toMatchObject({ loaded: false, keyCount: 0, consecutiveFailures: 1 });
    expect(down?.lastFailure).toMatchObject({ at: failedAt, code: 'jwks_unavailable' });

    issuer.setOutage('none');
    // Within the back-off (1 s after a first failure) a warm-up does not fetch: still not loaded.
    clock += 500;
    expect((await guard.warmUp())[0]).toMatchObject({ loaded: false, consecutiveFailures: 1 });
    expect(issuer.jwksRequests).toBe(0);

    clock += 500;
    const [up] = await guard.warmUp();
    expect(up).toMatchObject({ loaded: true, keyCount: 1, lastSuccessAt: clock, consecutiveFailures: 0 });
    // The failure stays on record, older than the success.
    expect(up?.lastFailure?.at).toBe(failedAt);
    expect(issuer.jwksRequests).toBe(1);
  });

  it('names discovery when the discovery document is down', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    issuer.setOutage('error');
    const discovery = `${issuer.issuer}/.well-known/openid-configuration`;
    const [state] = await guard.warmUp();
    expect(state).toMatchObject({ loaded: false, jwksUri: undefined });
    expect(state?.lastFailure).toMatchObject({
      code: 'discovery_failed',
      cause: [{ url: discovery, status: 503 }],
    });
  });

  it('shares one fetch between concurrent warm-ups and requests', async () => {
    const issuer = await start();
    const guard = guardFor(issuer);
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    const [a, b, outcome] = await Promise.all([
      guard.warmUp(),
      guard.warmUp(),
      guard.check({ authorization: `Bearer ${token}`, request: {} }, policy),
    ]);
    expect(a[0]?.loaded && b[0]?.loaded && outcome.ok).toBe(true);
    expect(issuer.jwksRequests).toBe(1);
  });
});
