/**
 * Verification of a Logto access token: header rules, signature through the JWKS, claims (RFC 8725, RFC 9068).
 *
 * @module
 */
import { decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { AuthInfo } from './auth-info.js';
import { validateClaimsSet } from './claims.js';
import { TokenError } from './errors.js';
import type { KeySet } from './key-set.js';
import type { ResolvedOptions } from './options.js';
import { verifySignature } from './signature/index.js';
import { TokenCache } from './token-cache.js';
import { ACCESS_TOKEN_TYPE, ACCESS_TOKEN_TYPES } from './token-format.js';

/** Verifies a bearer token and returns the caller; see {@link createVerifier}. */
export type Verifier = (token: string) => Promise<AuthInfo>;

const accessTokenTypes: ReadonlySet<string> = new Set(ACCESS_TOKEN_TYPES);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function readHeader(token: string, options: ResolvedOptions): ProtectedHeaderParameters {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw new TokenError('token_malformed', 'Token is not a well-formed JWS', cause);
  }
  if (typeof header.alg !== 'string' || !(options.algorithms as readonly string[]).includes(header.alg)) {
    throw new TokenError('algorithm_not_allowed', 'Token "alg" is not accepted');
  }
  if (header.crit !== undefined)
    throw new TokenError('unsupported_crit', 'Token "crit" header is not supported');
  if (options.requireAccessTokenType && !accessTokenTypes.has(String(header.typ).toLowerCase())) {
    throw new TokenError('invalid_typ', `Token "typ" is not "${ACCESS_TOKEN_TYPE}" (RFC 9068)`);
  }
  if (typeof header.kid !== 'string' || header.kid === '')
    throw new TokenError('missing_kid', 'Token has no "kid"');
  return header;
}

function readClaims(payload: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(utf8.decode(payload));
  } catch (cause) {
    throw new TokenError('token_malformed', 'Token payload is not JSON', cause);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new TokenError('token_malformed', 'Token payload is not a JSON object');
  }
  return claims as Record<string, unknown>;
}

/**
 * Creates the verifier of one guard. Steps, in order: compact JWS shape → `alg` in the allow-list →
 * no `crit` → `typ` is `at+jwt` → `kid` present → key from the key set by `kid` → signature → claims
 * (issuer, expiry, types). Successful results are cached per token within the configured bounds.
 *
 * Does NOT check audience, organization or scopes (the route's policy does), and never reads `jku`,
 * `x5u` or an embedded `jwk`.
 *
 * @throws {LogtoGuardError} 401 token failures, or 503 when the key set cannot be had.
 */
export function createVerifier(options: ResolvedOptions, keySet: KeySet): Verifier {
  const cache =
    options.tokenCache === false
      ? undefined
      : new TokenCache<AuthInfo>({
          maxEntries: options.tokenCache.maxEntries,
          maxAge: options.tokenCache.maxAge * 1000,
        });

  async function verifyUncached(token: string): Promise<AuthInfo> {
    const header = readHeader(token, options);
    const key = await keySet.getKey(header);
    let payload: Uint8Array;
    try {
      payload = await verifySignature(token, key, header.alg as string);
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
        throw new TokenError('invalid_signature', 'Token signature is invalid', cause);
      }
      throw new TokenError('token_malformed', 'Token could not be verified', cause);
    }
    const claims = validateClaimsSet(readClaims(payload), {
      issuers: options.issuers,
      now: Math.floor(options.now() / 1000),
      clockTolerance: options.clockTolerance,
    });
    return new AuthInfo(claims);
  }

  return async function verify(token) {
    if (cache === undefined) return verifyUncached(token);
    const now = options.now();
    const cached = cache.get(token, now);
    if (cached !== undefined) return cached;
    const auth = await verifyUncached(token);
    cache.set(token, auth, now, auth.claims.exp * 1000);
    return auth;
  };
}
