import { describe, expect, it } from 'vitest';
import { validateClaimsSet } from '../../src/core/claims.js';
import { TokenError } from '../../src/core/errors.js';

const ISSUER = 'https://logto.test/oidc';
const NOW = 1_800_000_000;
const rules = { issuers: [ISSUER, 'https://auth.example.com/oidc'], now: NOW, clockTolerance: 5 };
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'user-1',
  client_id: 'app-1',
  aud: 'https://api.example.com',
  exp: NOW + 60,
  ...extra,
});

/** The failing code, or `ok`. */
function verdict(set: Record<string, unknown>, tolerance = rules.clockTolerance) {
  try {
    validateClaimsSet(set, { ...rules, clockTolerance: tolerance });
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).code;
  }
}

describe('validateClaimsSet: issuer', () => {
  it('accepts every configured issuer and rejects one that differs in any way', () => {
    expect(verdict(claims({ iss: 'https://auth.example.com/oidc' }))).toBe('ok');
    expect(verdict(claims({ iss: `${ISSUER}/` }))).toBe('invalid_issuer');
    expect(verdict(claims({ iss: 'https://LOGTO.test/oidc' }))).toBe('invalid_issuer');
    expect(verdict(claims({ iss: undefined }))).toBe('invalid_issuer');
  });
});

describe('validateClaimsSet: times (frozen clock, 5 s tolerance)', () => {
  it('rejects exp more than the tolerance in the past, accepts it within', () => {
    expect(verdict(claims({ exp: NOW - 6 }))).toBe('token_expired');
    expect(verdict(claims({ exp: NOW - 4 }))).toBe('ok');
    expect(verdict(claims({ exp: NOW - 6 }), 10)).toBe('ok');
  });

  it('requires a numeric exp', () => {
    expect(verdict(claims({ exp: undefined }))).toBe('invalid_claim');
    expect(verdict(claims({ exp: String(NOW + 60) }))).toBe('invalid_claim');
    expect(verdict(claims({ exp: Number.NaN }))).toBe('invalid_claim');
  });

  it('rejects nbf and iat in the future beyond the tolerance, and non-numeric ones', () => {
    expect(verdict(claims({ nbf: NOW + 6 }))).toBe('token_not_yet_valid');
    expect(verdict(claims({ iat: NOW + 6 }))).toBe('token_not_yet_valid');
    expect(verdict(claims({ nbf: NOW + 4, iat: NOW + 4 }))).toBe('ok');
    expect(verdict(claims({ iat: 'now' }))).toBe('invalid_claim');
  });
});

describe('validateClaimsSet: claim types', () => {
  it('rejects sub, client_id, aud, scope and organization_id of the wrong type', () => {
    expect(verdict(claims({ sub: 1 }))).toBe('invalid_claim');
    expect(verdict(claims({ client_id: undefined }))).toBe('invalid_claim');
    expect(verdict(claims({ aud: [1] }))).toBe('invalid_claim');
    expect(verdict(claims({ scope: ['read'] }))).toBe('invalid_claim');
    expect(verdict(claims({ organization_id: 7 }))).toBe('invalid_claim');
  });

  it('accepts aud as an array, an absent or empty scope, and returns the set itself', () => {
    const set = claims({ aud: ['a', 'b'], scope: '' });
    expect(validateClaimsSet(set, rules)).toBe(set);
    expect(verdict(claims({ scope: undefined }))).toBe('ok');
  });
});
