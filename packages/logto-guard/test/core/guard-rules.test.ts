// What `guard.check` does with a token it verified before (the token cache, `tokenCache.maxAge`): the
// answer and the JWKS fetches an operator counts, and what `onFailure` says about a cached token that
// fails the route's policy. Frozen clock.
import { describe, expect, it } from 'vitest';
import { createGuard, type FailureEvent, globalApi } from '../../src/core/index.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';

describe('a token verified before', () => {
  it('is accepted again without checking its signature, even once its key left the key set', async () => {
    let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
    const issuer = await createTestIssuer({ now: () => clock });
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: issuer.fetch,
      now: () => clock,
    });
    const check = async (token: string) => {
      const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
      return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
    };
    const old = await issuer.mintApiToken(API);
    expect(await check(old)).toBe(200);
    expect(await check(old)).toBe(200); // a token is cached the second time it is seen
    await issuer.rotateKeys();
    await issuer.rotateKeys(); // the key of `old` is no longer published
    clock += 60_000;
    expect(await check(await issuer.mintApiToken(API))).toBe(200); // the guard fetched the new key set
    expect(issuer.jwksRequests).toBe(2);
    expect(await check(old)).toBe(200);
    expect(issuer.jwksRequests).toBe(2);
  });

  it('still gets its verified facts in onFailure when a later route refuses it', async () => {
    const issuer = await createTestIssuer();
    const events: FailureEvent[] = [];
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: issuer.fetch,
      onFailure: (event) => events.push(event),
    });
    const token = await issuer.mintApiToken(API, { subject: 'user-5', scopes: ['read'] });
    const authorization = `Bearer ${token}`;
    const read = globalApi({ scopes: ['read'] });
    for (let i = 0; i < 2; i += 1) {
      // the second check caches the token, the third is a cache hit
      expect((await guard.check({ authorization, request: {} }, read)).ok).toBe(true);
    }
    expect((await guard.check({ authorization, request: {} }, globalApi({ scopes: ['write'] }))).ok).toBe(
      false,
    );
    expect(events).toMatchObject([
      {
        code: 'insufficient_scope',
        token: {
          verified: true,
          issuer: issuer.issuer,
          kid: issuer.kid,
          subject: 'user-5',
          clientId: 'app-1',
        },
      },
    ]);
  });
});
