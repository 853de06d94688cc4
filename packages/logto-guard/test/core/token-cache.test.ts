import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/core/token-cache.js';

describe('TokenCache', () => {
  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = new TokenCache<number>({ maxEntries: 2, maxAge: 60_000 });
    cache.set('a', 1, 0, 10_000);
    cache.set('b', 2, 0, 10_000);
    expect(cache.get('a', 1)).toBe(1); // a is now the most recent
    cache.set('c', 3, 1, 10_000);
    expect(cache.get('b', 2)).toBeUndefined();
    expect(cache.get('a', 2)).toBe(1);
    expect(cache.get('c', 2)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('drops an entry at its expiry or after maxAge, whichever is first', () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 1_000 });
    cache.set('short', 'x', 0, 500);
    cache.set('long', 'y', 0, 100_000);
    expect(cache.get('short', 499)).toBe('x');
    expect(cache.get('short', 500)).toBeUndefined();
    expect(cache.get('long', 999)).toBe('y');
    expect(cache.get('long', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store an entry that is already expired', () => {
    const cache = new TokenCache<string>({ maxEntries: 10, maxAge: 1_000 });
    cache.set('old', 'x', 1_000, 1_000);
    expect(cache.size).toBe(0);
  });
});
