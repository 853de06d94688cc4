// The token cache as an application sees it through `guard.verify`: a reused token is served as the same
// caller from its third request on (stored at its second), until `maxAge` or its `exp`, within
// `maxEntries`; a token seen once is never stored. Frozen clock.
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
let clock = T0;
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => clock });
});

function guardWith(tokenCache: GuardOptions['tokenCache'], clockTolerance = 5) {
  clock = T0;
  return createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    fetch: issuer.fetch,
    now: () => clock,
    tokenCache,
    clockTolerance,
  });
}
const mint = (subject: string, expiresIn = 3600) => issuer.mintApiToken(API, { subject, expiresIn });

describe('what the token cache stores', () => {
  it('stores a token at its second verification, though another token was seen once before', async () => {
    const guard = guardWith({ maxEntries: 10, maxAge: 60 });
    await guard.verify(await mint('other'));
    const token = await mint('user');
    const first = await guard.verify(token);
    const second = await guard.verify(token);
    expect(second).not.toBe(first);
    expect(await guard.verify(token)).toBe(second);
  });

  it('serves the stored caller until maxAge seconds have passed, not at maxAge', async () => {
    const guard = guardWith({ maxEntries: 10, maxAge: 60 });
    const token = await mint('user');
    await guard.verify(token);
    const stored = await guard.verify(token);
    clock = T0 + 59_999;
    expect(await guard.verify(token)).toBe(stored);
    clock = T0 + 60_000;
    expect(await guard.verify(token)).not.toBe(stored);
  });

  it('never stores a token whose exp has passed within the clock tolerance', async () => {
    const guard = guardWith({ maxEntries: 10, maxAge: 60 });
    const token = await mint('user', -2);
    const results = [await guard.verify(token), await guard.verify(token), await guard.verify(token)];
    expect(new Set(results).size).toBe(3);
  });

  it('stores nothing with tokenCache false', async () => {
    const guard = guardWith(false);
    const token = await mint('user');
    const results = [await guard.verify(token), await guard.verify(token), await guard.verify(token)];
    expect(new Set(results).size).toBe(3);
  });

  it('evicts the least recently used token beyond maxEntries', async () => {
    const guard = guardWith({ maxEntries: 2, maxAge: 60 });
    const [a, b, c] = [await mint('a'), await mint('b'), await mint('c')];
    const stored = async (token: string) => {
      await guard.verify(token);
      return guard.verify(token);
    };
    // Two first sightings fill the list of tokens seen once (maxEntries): it starts over on the third.
    const storedA = await stored(a);
    const storedB = await stored(b);
    expect(await guard.verify(a)).toBe(storedA); // a is now more recent than b
    await stored(c);
    expect(await guard.verify(a)).toBe(storedA);
    expect(await guard.verify(b)).not.toBe(storedB);
  });

  it('forgets tokens seen once when more than maxEntries of them were seen', async () => {
    const guard = guardWith({ maxEntries: 1, maxAge: 60 });
    const [a, b] = [await mint('a'), await mint('b')];
    await guard.verify(a); // seen: a
    await guard.verify(b); // full: forgets a, seen: b
    const again = await guard.verify(a); // seen again as new: not stored
    expect(await guard.verify(a)).not.toBe(again);
  });
});
