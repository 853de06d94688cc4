// Which token the cache gives back, and which one it drops first: a token is stored at its second offer
// even when other tokens were offered in between; two tokens sharing a fingerprint never get each other's
// result; a hit moves an entry to the most recent end only when it was stored or moved more than a quarter
// of maxEntries insertions ago, so the entry dropped first is the least recently stored or moved one.
import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/core/token-cache.js';

/** Offers a token twice, as a client reusing it would: the second offer stores it. */
function store<V>(cache: TokenCache<V>, token: string, value: V) {
  cache.set(token, value, 0, 10_000);
  cache.set(token, value, 0, 10_000);
}

const held = (cache: TokenCache<string>, tokens: string[]) =>
  tokens.filter((token) => cache.get(token, 1) !== undefined);

describe('the token cache', () => {
  it('stores a token at its second offer though other tokens were offered once in between', () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 60_000 });
    cache.set('a', 'A', 0, 10_000);
    cache.set('b', 'B', 0, 10_000);
    cache.set('c', 'C', 0, 10_000);
    cache.set('a', 'A', 0, 10_000);
    expect(cache.get('a', 1)).toBe('A');
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('never gives a token the result stored for another token with the same fingerprint', () => {
    // These two strings share the 32-bit fingerprint the cache keys its entries by.
    const [first, second] = ['token-012pf8', 'token-01jrj6'];
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 60_000 });
    store(cache, first, 'first caller');
    expect(cache.get(second, 1)).toBeUndefined();
    expect(cache.get(first, 1)).toBe('first caller');
    store(cache, second, 'second caller');
    expect(cache.get(first, 1)).toBeUndefined();
    expect(cache.get(second, 1)).toBe('second caller');
  });

  it('forgets every stored token and every token offered once on clear()', () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 60_000 });
    store(cache, 'a', 'A');
    cache.set('b', 'B', 0, 10_000);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.set('b', 'B', 0, 10_000);
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('leaves an entry in place when hit within a quarter of maxEntries insertions: it goes first', () => {
    const cache = new TokenCache<string>({ maxEntries: 8, maxAge: 60_000 });
    const tokens = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for (const token of tokens.slice(0, 3)) store(cache, token, token);
    expect(cache.get('a', 1)).toBe('a'); // 2 insertions since a was stored: not more than 8 / 4
    for (const token of tokens.slice(3)) store(cache, token, token);
    expect(held(cache, tokens)).toEqual(tokens.slice(1));
  });

  it('moves an entry hit after more than a quarter of maxEntries insertions to the most recent end', () => {
    const cache = new TokenCache<string>({ maxEntries: 8, maxAge: 60_000 });
    const tokens = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for (const token of tokens.slice(0, 4)) store(cache, token, token);
    expect(cache.get('a', 1)).toBe('a'); // 3 insertions since a was stored: moved
    expect(cache.get('b', 1)).toBe('b'); // 3 insertions since b was stored, the move counted: moved
    for (const token of tokens.slice(4)) store(cache, token, token);
    expect(held(cache, tokens)).toEqual(['a', 'b', 'd', 'e', 'f', 'g', 'h', 'i']);
  });
});
