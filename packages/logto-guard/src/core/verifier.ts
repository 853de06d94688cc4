/**
 * Verification of a Logto access token: header rules, signature through the JWKS, claims (RFC 8725, RFC 9068).
 *
 * @module
 */
import type { JWSHeaderParameters } from 'jose';
import { AuthInfo } from './auth-info.js';
import { validateClaimsSet } from './claims.js';
import { type CompactJws, readCompactJws, readPayload } from './compact-jws.js';
import { TokenError } from './errors.js';
import type { KeySet, VerificationKey } from './key-set.js';
import type { ResolvedOptions } from './options.js';
import { checkSignature, noteCacheHit } from './signature/index.js';
import { TokenCache } from './token-cache.js';
import { ACCESS_TOKEN_TYPE, ACCESS_TOKEN_TYPES } from './token-format.js';

/** Verifies a bearer token and returns the caller; see {@link createVerifier}. */
export type Verifier = ((token: string) => Promise<AuthInfo>) & {
  /**
   * The cached result for `token` when it is stored and still fresh, else undefined: the synchronous
   * first step of the verifier, so a caller can skip a promise on a cache hit. Never verifies anything.
   */
  readonly cached: (token: string) => AuthInfo | undefined;
  /**
   * Verifies `token` after {@link Verifier.cached} missed, without looking the cache up a second time; the
   * result is offered to the cache. `plain` is what `isPlainCompact` said of `token` (the caller tested
   * it), so its characters are not scanned again.
   */
  readonly uncached: (token: string, plain: boolean) => Promise<AuthInfo>;
};

/** The key set that verifies tokens of `issuer`; undefined for an issuer the guard does not accept. */
export type KeySetOf = (issuer: string) => KeySet | undefined;

/**
 * The verified claims of tokens that failed after their signature was checked (expired, wrong claim
 * type), so a failure report can say the values are the issuer's and not the caller's.
 */
export const signatureVerified = new WeakMap<object, Record<string, unknown>>();

/**
 * The `iss` the token says it has, read before any key is fetched: a token naming an issuer outside the
 * allow-list is refused without a single request, and the claim picks the key set of a trusted one.
 */
function claimedIssuer(claims: Record<string, unknown>): string {
  if (typeof claims.iss !== 'string') throw new TokenError('invalid_issuer', 'Token issuer is not accepted');
  return claims.iss;
}

const accessTokenTypes: ReadonlySet<string> = new Set(ACCESS_TOKEN_TYPES);

/** The header rules, in order: `alg` allowed, no `crit`, `typ` at+jwt, `kid` present. Returns `alg`. */
function checkHeader(jws: CompactJws, options: ResolvedOptions): string {
  const { header } = jws;
  const alg = header.alg;
  if (typeof alg !== 'string' || !(options.algorithms as readonly string[]).includes(alg)) {
    throw new TokenError('algorithm_not_allowed', 'Token "alg" is not accepted');
  }
  if (header.crit !== undefined)
    throw new TokenError('unsupported_crit', 'Token "crit" header is not supported');
  if (options.requireAccessTokenType && !accessTokenTypes.has(String(header.typ).toLowerCase())) {
    throw new TokenError('invalid_typ', `Token "typ" is not "${ACCESS_TOKEN_TYPE}" (RFC 9068)`);
  }
  if (typeof header.kid !== 'string' || header.kid === '')
    throw new TokenError('missing_kid', 'Token has no "kid"');
  return alg;
}

/**
 * Creates the verifier of one guard. Steps, in order: compact JWS shape → `alg` in the allow-list →
 * no `crit` → `typ` is `at+jwt` → `kid` present → `iss` (decoded) in the allow-list, picking its key
 * set → key by `kid` → signature → claims (issuer again, expiry, types). Header and payload are decoded
 * and parsed once per token (`compact-jws.ts`); the payload parsed before the signature check is the one
 * trusted after it, since the signature covers those very bytes. Successful results are cached per token
 * within the configured bounds.
 *
 * Does NOT check audience, organization or scopes (the route's policy does), and never reads `jku`,
 * `x5u` or an embedded `jwk`.
 *
 * @throws {LogtoGuardError} 401 token failures, or 503 when the key set cannot be had.
 */
export function createVerifier(options: ResolvedOptions, keySetOf: KeySetOf): Verifier {
  const cache =
    options.tokenCache === false
      ? undefined
      : new TokenCache<AuthInfo>({
          maxEntries: options.tokenCache.maxEntries,
          maxAge: options.tokenCache.maxAge * 1000,
        });

  /** The claims of a token whose signature held, checked and made into the caller; offered to the cache. */
  function accept(jws: CompactJws, claims: Record<string, unknown>, now: number | undefined): AuthInfo {
    let auth: AuthInfo;
    try {
      auth = new AuthInfo(
        validateClaimsSet(claims, {
          issuers: options.issuers,
          now: Math.floor(options.now() / 1000),
          clockTolerance: options.clockTolerance,
        }),
      );
    } catch (error) {
      if (typeof error === 'object' && error !== null) signatureVerified.set(error, claims);
      throw error;
    }
    // Only tokens of plain base64url segments are cached, so a cached token is always a valid RFC 6750
    // b64token too: the guard looks the raw header value up before checking its characters.
    if (now !== undefined && jws.plain) cache?.set(jws.token, auth, now, auth.claims.exp * 1000);
    return auth;
  }

  /** A failed signature check as the verifier reports it. */
  function signatureError(cause: unknown): TokenError {
    return (cause as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
      ? new TokenError('invalid_signature', 'Token signature is invalid', cause)
      : new TokenError('token_malformed', 'Token could not be verified', cause);
  }

  /** Checks the signature of `jws` with `key`, then its claims: the caller, or a promise of it (ECDSA). */
  function withKey(
    jws: CompactJws,
    claims: Record<string, unknown>,
    key: VerificationKey,
    alg: string,
    now: number | undefined,
  ): AuthInfo | Promise<AuthInfo> {
    let pending: Promise<unknown> | undefined;
    try {
      pending = checkSignature(jws, key, alg);
    } catch (cause) {
      throw signatureError(cause);
    }
    if (pending === undefined) return accept(jws, claims, now);
    return pending.then(
      () => accept(jws, claims, now),
      (cause: unknown) => {
        throw signatureError(cause);
      },
    );
  }

  // The header last checked and the `alg` it gave: headers are parsed once per encoded segment and shared
  // (`compact-jws.ts`), so the same object means the same segment string, and the header rules, a pure
  // function of it and of the options, need not run again.
  let lastHeader: object | undefined;
  let lastAlg = '';

  /**
   * Verifies `token`; with `now`, offers the result to the cache (plain base64url segments only). `plain`:
   * see {@link readCompactJws}. Synchronous as far as it can be: the caller when the key is at hand and
   * the signature was checked on this thread (RSA), else a promise of it; a failure before that throws.
   */
  function verifyNow(token: string, now?: number, plain?: boolean): AuthInfo | Promise<AuthInfo> {
    const jws = readCompactJws(token, plain);
    let alg: string;
    if (jws.header === lastHeader) {
      alg = lastAlg;
    } else {
      alg = checkHeader(jws, options);
      lastHeader = jws.header;
      lastAlg = alg;
    }
    const claims = readPayload(jws);
    const keySet = keySetOf(claimedIssuer(claims));
    if (keySet === undefined) throw new TokenError('invalid_issuer', 'Token issuer is not accepted');
    const header = jws.header as JWSHeaderParameters;
    const key = keySet.keyNow(header);
    if (key !== undefined) return withKey(jws, claims, key, alg, now);
    return keySet.getKey(header).then((found) => withKey(jws, claims, found, alg, now));
  }

  /** {@link verifyNow} as a promise in every case. */
  function verifyUncached(token: string, now?: number, plain?: boolean): Promise<AuthInfo> {
    try {
      const result = verifyNow(token, now, plain);
      return result instanceof Promise ? result : Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  const cached = (token: string): AuthInfo | undefined => {
    const hit = cache?.get(token, options.now());
    if (hit !== undefined) noteCacheHit();
    return hit;
  };

  // Not `async`: a cache hit resolves without a promise of its own, and a miss hands over the promise of
  // `verifyUncached` instead of wrapping it in a second one (which costs two more turns of the microtask
  // queue per token). A synchronous throw still comes back as a rejection.
  function verify(token: string): Promise<AuthInfo> {
    try {
      if (cache === undefined) return verifyUncached(token);
      const now = options.now();
      const hit = cache.get(token, now);
      if (hit !== undefined) {
        noteCacheHit();
        return Promise.resolve(hit);
      }
      return verifyUncached(token, now);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  const uncached = (token: string, plain: boolean): Promise<AuthInfo> =>
    verifyUncached(token, cache === undefined ? undefined : options.now(), plain);

  return Object.assign(verify, { cached, uncached });
}
