/**
 * Bearer token extraction from the `Authorization` header (RFC 6750 §2.1).
 *
 * @module
 */
import { CredentialsError, RequestError } from './errors.js';

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Returns the token of an `Authorization: Bearer <token>` header value. The scheme is matched without
 * regard to case; exactly one token must follow it.
 *
 * Does NOT look at the query string, a form body or cookies (RFC 6750 §2.2/§2.3 are deliberately not
 * supported), and does NOT check that the token is a JWT: that is the verifier's job.
 *
 * @param header The raw header value (`req.headers.authorization`, `request.headers.get('authorization')`).
 * @throws {LogtoGuardError} `missing_authorization` or `unsupported_scheme` (401, no `error=`), or
 *   `malformed_authorization` (401, `error="invalid_request"`).
 * @example
 * ```ts
 * extractBearerToken('Bearer eyJhbGciOi...') // 'eyJhbGciOi...'
 * extractBearerToken('Basic dXNlcjpwYXNz')  // throws unsupported_scheme
 * ```
 */
export function extractBearerToken(header: string | readonly string[] | null | undefined): string {
  return checkBearerToken(bearerCandidate(header));
}

/**
 * The first step of {@link extractBearerToken}: what follows `Bearer `, its characters not yet checked.
 * Internal: the guard looks this up in its token cache first (a cached token passed
 * {@link checkBearerToken} when it was stored), and checks the characters only on a miss.
 *
 * @throws {LogtoGuardError} `missing_authorization`, `unsupported_scheme`, or `malformed_authorization`
 *   for two header values.
 */
export function bearerCandidate(header: string | readonly string[] | null | undefined): string {
  if (Array.isArray(header)) {
    if (header.length > 1)
      throw new RequestError('malformed_authorization', 'Authorization header is malformed');
    return bearerCandidate(header[0]);
  }
  const value = typeof header === 'string' ? header.trim() : '';
  if (value === '') throw new CredentialsError('missing_authorization', 'Authorization header is missing');
  const space = value.indexOf(' ');
  const scheme = space === -1 ? value : value.slice(0, space);
  if (scheme.length !== 6 || scheme.toLowerCase() !== 'bearer') {
    throw new CredentialsError('unsupported_scheme', 'Authorization header must start with "Bearer "');
  }
  return space === -1 ? '' : value.slice(space + 1).trimStart();
}

/**
 * The second step of {@link extractBearerToken}: `token` itself when it is one RFC 6750 b64token.
 *
 * @throws {LogtoGuardError} `malformed_authorization` (401, `error="invalid_request"`).
 */
export function checkBearerToken(token: string): string {
  if (!b64token.test(token))
    throw new RequestError('malformed_authorization', 'Authorization header is malformed');
  return token;
}
