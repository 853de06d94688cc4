import { describe, expect, it } from 'vitest';
import { hasScopes, parseScope } from '../../src/core/scopes.js';

describe('parseScope', () => {
  it('splits a space-separated claim and treats absent or empty as no scopes', () => {
    expect(parseScope('read:products  write:orders')).toEqual(['read:products', 'write:orders']);
    expect(parseScope(undefined)).toEqual([]);
    expect(parseScope('')).toEqual([]);
    expect(parseScope(' ')).toEqual([]);
    expect(parseScope('  a   b  ')).toEqual(['a', 'b']);
    expect(parseScope('a')).toEqual(['a']);
    expect(parseScope('a a')).toEqual(['a', 'a']);
  });

  it('rejects any other type', () => {
    for (const value of [['read'], 1, null, {}, true]) expect(parseScope(value)).toBeUndefined();
  });
});

describe('hasScopes', () => {
  const granted = new Set(['read:products', 'api:read']);
  it('rejects a prefix, a substring or another case of a granted scope', () => {
    expect(hasScopes(granted, ['read'], 'all')).toBe(false);
    expect(hasScopes(granted, ['read:product'], 'all')).toBe(false);
    expect(hasScopes(granted, ['products'], 'any')).toBe(false);
    expect(hasScopes(granted, ['READ:PRODUCTS'], 'all')).toBe(false);
  });

  it('needs every scope with all and one with any', () => {
    expect(hasScopes(granted, ['read:products', 'api:write'], 'all')).toBe(false);
    expect(hasScopes(granted, ['read:products', 'api:write'], 'any')).toBe(true);
    expect(hasScopes(granted, ['read:products', 'api:read'], 'all')).toBe(true);
    expect(hasScopes(new Set(), [], 'all')).toBe(true);
  });
});
