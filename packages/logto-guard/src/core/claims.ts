/**
 * Checks of the JWT claims set of a Logto access token (RFC 7519 §4.1, RFC 9068 §2.2).
 *
 * @module
 */
import type { JWTPayload } from 'jose';
import { TokenError } from './errors.js';

/** The claims of a verified Logto access token. */
export interface LogtoAccessTokenClaims extends JWTPayload {
  iss: string;
  /** User id, or the application id for machine-to-machine tokens. */
  sub: string;
  /** Logto always sends one string: the API resource indicator or `urn:logto:organization:<id>`. */
  aud: string | string[];
  exp: number;
  client_id: string;
  /** Space-separated permissions for this `aud`; absent or `""` means none. */
  scope?: string;
  /** Present only on organization-level API resource tokens. */
  organization_id?: string;
}

/** What {@link validateClaimsSet} compares against. */
export interface ClaimRules {
  issuers: readonly string[];
  /** Seconds since the epoch. */
  now: number;
  /** Seconds. */
  clockTolerance: number;
}

function isStringOrStrings(value: unknown): boolean {
  return (
    typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

function numericDate(claims: Record<string, unknown>, name: string, required: boolean): number | undefined {
  const value = claims[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TokenError('invalid_claim', `"${name}" claim must be a number`);
  }
  return value;
}

/**
 * Validates the decoded claims set of a token whose signature was already verified, and returns it typed.
 * `iss` must equal one of `issuers` exactly; `exp` is required; `nbf` and `iat` (optional, Logto sends no
 * `nbf`) must not be in the future; all with `clockTolerance`. `sub` and `client_id` must be strings,
 * `aud` a string or array of strings, `scope` a string when present, `organization_id` a string when present.
 *
 * Does NOT check the audience against this API, the organization or the scopes: those depend on the
 * route and are the policy's job.
 *
 * @throws {TokenError} `invalid_issuer`, `token_expired`, `token_not_yet_valid` or `invalid_claim` (401).
 */
export function validateClaimsSet(
  claims: Record<string, unknown>,
  rules: ClaimRules,
): LogtoAccessTokenClaims {
  if (typeof claims.iss !== 'string' || !rules.issuers.includes(claims.iss)) {
    throw new TokenError('invalid_issuer', 'Token issuer is not accepted');
  }
  const exp = numericDate(claims, 'exp', true) as number;
  if (exp <= rules.now - rules.clockTolerance) throw new TokenError('token_expired', 'Token has expired');
  const nbf = numericDate(claims, 'nbf', false);
  if (nbf !== undefined && nbf > rules.now + rules.clockTolerance) {
    throw new TokenError('token_not_yet_valid', 'Token is not valid yet ("nbf" is in the future)');
  }
  const iat = numericDate(claims, 'iat', false);
  if (iat !== undefined && iat > rules.now + rules.clockTolerance) {
    throw new TokenError('token_not_yet_valid', 'Token was issued in the future ("iat")');
  }
  if (typeof claims.sub !== 'string') throw new TokenError('invalid_claim', '"sub" claim must be a string');
  if (typeof claims.client_id !== 'string')
    throw new TokenError('invalid_claim', '"client_id" claim must be a string');
  if (!isStringOrStrings(claims.aud))
    throw new TokenError('invalid_claim', '"aud" claim must be a string or strings');
  // The type only: AuthInfo splits the names once (`parseScope` accepts exactly absent or a string).
  if (claims.scope !== undefined && typeof claims.scope !== 'string')
    throw new TokenError('invalid_claim', '"scope" claim must be a string');
  if (claims.organization_id !== undefined && typeof claims.organization_id !== 'string') {
    throw new TokenError('invalid_claim', '"organization_id" claim must be a string');
  }
  return claims as LogtoAccessTokenClaims;
}
