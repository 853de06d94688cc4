/**
 * Decoding without trust: what the input is, before any check.
 *
 * @module
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ACCESS_TOKEN_TYPES, ORGANIZATION_AUDIENCE_PREFIX } from 'logto-guard';
import type { ModelName, TokenKind } from './diagnosis.js';

/** A JWS that decodes, or why the input is not one. */
export type DecodedToken =
  | { kind: 'jwt'; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { kind: Exclude<TokenKind, 'access-token' | 'id-token' | 'jwt'>; reason: string };

const accessTokenTypes: ReadonlySet<string> = new Set(ACCESS_TOKEN_TYPES);
const idTokenClaims = ['nonce', 'at_hash', 'c_hash', 'auth_time', 'sid', 'azp'];

/**
 * Decodes a compact JWS without verifying anything, and names what the input is otherwise: `opaque`
 * (one base64url run, like Logto's opaque access tokens), `encrypted` (five parts: a JWE) or `malformed`.
 *
 * Does NOT check the signature, `alg`, or any claim: the result is untrusted.
 *
 * @example
 * ```ts
 * decodeToken('Fz3k...x9') // { kind: 'opaque', reason: 'one base64url string, not three dot-separated parts' }
 * ```
 */
export function decodeToken(token: string): DecodedToken {
  const parts = token.split('.');
  if (parts.length === 1 && /^[A-Za-z0-9_-]{16,}$/.test(token)) {
    return { kind: 'opaque', reason: 'one base64url string, not three dot-separated parts' };
  }
  if (parts.length === 5) return { kind: 'encrypted', reason: 'five parts: an encrypted token (JWE)' };
  if (parts.length !== 3)
    return { kind: 'malformed', reason: `${parts.length} dot-separated part(s), not 3` };
  try {
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    return { kind: 'jwt', header, claims: decodeJwt(token) as Record<string, unknown> };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'malformed', reason: `not a JWT: ${reason}` };
  }
}

/** Whether the header's `typ` is the access-token type of RFC 9068. */
export const isAccessTokenType = (header: Record<string, unknown>): boolean =>
  accessTokenTypes.has(String(header.typ).toLowerCase());

/**
 * Whether a decoded JWT looks like an OpenID Connect ID token: not typed `at+jwt`, and either without
 * `client_id` (Logto puts it in every access token) or with ID-token claims (`nonce`, `at_hash`, ...).
 */
export function looksLikeIdToken(header: Record<string, unknown>, claims: Record<string, unknown>): boolean {
  if (isAccessTokenType(header)) return false;
  return claims.client_id === undefined || idTokenClaims.some((name) => claims[name] !== undefined);
}

/** The organization id of an organization token's `aud`, if it is one. */
export function audienceOrganization(aud: unknown): string | undefined {
  return typeof aud === 'string' && aud.startsWith(ORGANIZATION_AUDIENCE_PREFIX)
    ? aud.slice(ORGANIZATION_AUDIENCE_PREFIX.length)
    : undefined;
}

/**
 * The permission model a token's shape fits: `aud` `urn:logto:organization:<id>` → organization
 * permissions; `organization_id` → organization-level API resource; else global API resource.
 */
export function fitsModel(claims: Record<string, unknown>): ModelName {
  if (audienceOrganization(claims.aud) !== undefined) return 'organization';
  return typeof claims.organization_id === 'string' ? 'organization-api' : 'global';
}

/** `aud` as a list of strings (non-strings dropped). */
export function audienceList(aud: unknown): string[] {
  const list = Array.isArray(aud) ? aud : [aud];
  return list.filter((item): item is string => typeof item === 'string');
}
