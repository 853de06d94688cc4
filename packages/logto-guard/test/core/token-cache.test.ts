import { describe, expect, it } from 'vitest';
import { createGuard, globalApi, LogtoGuardError } from '../../src/core/index.js';
import { TokenCache } from '../../src/core/token-cache.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
let clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => clock;

/** Offers a token twice, as a client reusing it would: the second offer stores it. */
function store<V>(cache: TokenCache<V>, token: string, value: V, now: number, expiresAt: number) {
  cache.set(token, value, now, expiresAt);
  cache.set(token, value, now, expiresAt);
}

describe('TokenCache', () => {
  it('stores a token the second time it is offered, not the first', () => {
    const cache = new TokenCache<number>({ maxEntries: 10, maxAge: 60_000 });
    cache.set('once', 1, 0, 10_000);
    expect(cache.get('once', 1)).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.set('once', 1, 1, 10_000);
    expect(cache.get('once', 2)).toBe(1);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new TokenCache<number>({ maxEntries: 2, maxAge: 60_000 });
    store(cache, 'a', 1, 0, 10_000);
    store(cache, 'b', 2, 0, 10_000);
    expect(cache.get('a', 1)).toBe(1); // a is now the most recent
    store(cache, 'c', 3, 1, 10_000);
    expect(cache.get('b', 2)).toBeUndefined();
    expect(cache.get('a', 2)).toBe(1);
    expect(cache.get('c', 2)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('drops an entry at its expiry or after maxAge, whichever is first', () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 1_000 });
    store(cache, 'short', 'x', 0, 500);
    store(cache, 'long', 'y', 0, 100_000);
    expect(cache.get('short', 499)).toBe('x');
    expect(cache.get('short', 500)).toBeUndefined();
    expect(cache.get('long', 999)).toBe('y');
    expect(cache.get('long', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store an entry that is already expired', () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 1_000 });
    store(cache, 'old', 'x', 1_000, 1_000);
    expect(cache.size).toBe(0);
  });

  it('stays within maxEntries for a stream of tokens that never come back', () => {
    const cache = new TokenCache<number>({ maxEntries: 100, maxAge: 60_000 });
    for (let i = 0; i < 10_000; i += 1) cache.set(`token-${i}`, i, 0, 10_000);
    expect(cache.size).toBe(0);
    for (let i = 0; i < 1_000; i += 1) store(cache, `reused-${i}`, i, 0, 10_000);
    expect(cache.size).toBe(100);
  });
});

describe('token cache in a guard', () => {
  it('serves a reused token from the cache and still applies the route policy on every request', async () => {
    const issuer = await createTestIssuer({ now });
    let fetches = 0;
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      now,
      fetch: (input, init) => {
        fetches += 1;
        return issuer.fetch(input, init);
      },
    });
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    await guard.verify(token); // first sighting: verified, fingerprint kept
    const second = await guard.verify(token); // second: verified again and stored
    expect(await guard.verify(token)).toBe(second); // from then on: the stored result
    const denied = await guard.check(
      { authorization: `Bearer ${token}`, request: {} },
      globalApi({ scopes: ['write'] }),
    );
    expect(denied.ok ? 'ok' : denied.error.code).toBe('insufficient_scope');
    expect(fetches).toBe(2); // discovery + JWKS, once
  });

  it('never serves a cached token past its exp', async () => {
    const issuer = await createTestIssuer({ now });
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      now,
      fetch: issuer.fetch,
      clockTolerance: 0,
    });
    const token = await issuer.mintApiToken(API, { expiresIn: 10 });
    await guard.verify(token);
    await guard.verify(token); // now cached
    clock += 10_000;
    await expect(guard.verify(token)).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('does not cache failures', async () => {
    const issuer = await createTestIssuer({ now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, now, fetch: issuer.fetch });
    const bad = await issuer.mintApiToken(API, { header: { typ: 'JWT' } });
    for (let i = 0; i < 2; i += 1) await expect(guard.verify(bad)).rejects.toBeInstanceOf(LogtoGuardError);
  });
});
