/**
 * `createGuard`: the one object every adapter calls.
 *
 * @module
 */
import type { AuthInfo } from './auth-info.js';
import { authorizeNow } from './authorize.js';
import { bearerCandidate, checkBearerToken } from './bearer.js';
import { isPlainCompact } from './compact-jws.js';
import { createJwksUriResolver } from './discovery.js';
import { LogtoGuardError, type LogtoGuardFailure } from './errors.js';
import {
  decodedToken,
  type FailureEvent,
  type FailureToken,
  observedFetch,
  requestFailureEvent,
  verifiedToken,
} from './failure-event.js';
import { createKeySet, type KeySet, type KeySetState } from './key-set.js';
import { type GuardOptions, type IssuerKeys, type ResolvedOptions, resolveOptions } from './options.js';
import { type Policy, type RequestContext, requireOrganizationParameter } from './policy.js';
import { type ErrorResponse, renderError } from './render.js';
import { createVerifier, signatureVerified } from './verifier.js';

/** What an adapter passes in: the `Authorization` header value, route params and its request object. */
export interface GuardInput<Req> extends RequestContext<Req> {
  authorization: string | readonly string[] | null | undefined;
}

/** The result of {@link Guard.check}: the caller, or the failure with its ready HTTP answer. */
export type GuardOutcome =
  | { ok: true; auth: AuthInfo; error?: undefined; response?: undefined }
  | { ok: true; auth: undefined; error?: undefined; response?: undefined }
  | { ok: false; auth?: undefined; error: LogtoGuardFailure; response: ErrorResponse };

/** A configured guard for one API; see {@link createGuard}. */
export interface Guard {
  /** The checked options with defaults applied. */
  readonly options: Readonly<ResolvedOptions>;
  /**
   * The single entry point of every adapter: extracts the bearer token, verifies it, applies `policy`.
   * Never rejects for a request-level failure: those come back as `{ ok: false, error, response }`, and
   * each is reported once to `onFailure`. It rethrows only what the policy's own functions
   * (`organizationId`, `checkClaims`) throw.
   */
  check<Req>(input: GuardInput<Req>, policy: Policy<Req>): Promise<GuardOutcome>;
  /**
   * Verifies a token (signature, `typ`, issuer, expiry, claim types) without any route policy.
   * @throws {LogtoGuardError}
   */
  verify(token: string): Promise<AuthInfo>;
  /** Renders a failure with this guard's realm and debug setting. */
  render(error: LogtoGuardError): ErrorResponse;
  /**
   * The state of each key set of this guard, for readiness checks and status pages: one entry per
   * tenant (one for `endpoint` and its custom domains, one per issuer otherwise), each naming the
   * issuers it verifies. Fetches nothing.
   *
   * `loaded` says keys were fetched once and are held; it does NOT say the issuer answers now (known
   * keys stay in use through an outage), that a given token's `kid` is among them, or anything about
   * audiences, scopes or the clock.
   *
   * @example
   * ```ts
   * app.get('/readyz', (_req, res) => {
   *   const ready = guard.keySets().every((keySet) => keySet.loaded)
   *   res.status(ready ? 200 : 503).json({ keySets: guard.keySets() })
   * })
   * ```
   */
  keySets(): readonly GuardKeySetState[];
  /**
   * Loads the keys of every key set that holds none yet (warm-up), so the first request does not wait
   * for discovery and the JWKS. Keeps the fetch-rate bound: joins a fetch in flight, and does not fetch
   * while a failure backs off (`jwksCooldown`, then doubling up to 30 s). Resolves with
   * {@link Guard.keySets} once the fetches it started settle; never rejects (a failure is in
   * `lastFailure`). A key set that already holds keys is not fetched again.
   *
   * @example
   * ```ts
   * const guard = createGuard({ endpoint, audience })
   * const keySets = await guard.warmUp()
   * if (!keySets.every((keySet) => keySet.loaded)) console.warn('Logto keys not loaded yet', keySets)
   * ```
   */
  warmUp(): Promise<readonly GuardKeySetState[]>;
}

/** One key set of a guard and what it knows of itself; see {@link Guard.keySets}. */
export interface GuardKeySetState extends KeySetState {
  /** The issuers (`iss`) whose tokens this key set verifies. */
  readonly issuers: readonly string[];
}

function reportTo(onFailure: ((event: FailureEvent) => void) | undefined, event: () => FailureEvent): void {
  if (onFailure === undefined) return;
  try {
    onFailure(event());
  } catch {
    // A logging or metrics hook must never change the answer.
  }
}

/** The key set of each accepted issuer: one per {@link IssuerKeys} entry, found lazily on first use. */
function createKeySets(resolved: ResolvedOptions, fetchImpl: typeof fetch): Map<string, KeySet> {
  const byIssuer = new Map<string, KeySet>();
  for (const { issuers, source } of resolved.keySources) {
    const jwksUri =
      source.kind === 'jwks'
        ? () => Promise.resolve(source.uri)
        : createJwksUriResolver({
            url: source.url,
            issuer: source.issuer,
            fetch: fetchImpl,
            timeout: resolved.fetchTimeout,
            allowInsecureHttp: resolved.allowInsecureHttp,
          });
    const keySet = createKeySet({
      jwksUri,
      fetch: fetchImpl,
      timeout: resolved.fetchTimeout,
      cacheMaxAge: resolved.jwksCacheMaxAge,
      cooldown: resolved.jwksCooldown,
      now: resolved.now,
      onKeyIssue: (issue) =>
        reportTo(resolved.onFailure, () => ({ type: 'key_set', issuer: issuers[0] as string, ...issue })),
    });
    for (const issuer of issuers) byIssuer.set(issuer, keySet);
  }
  return byIssuer;
}

/** What can be said about the token of a failed check: verified facts when the signature held. */
function tokenFacts(token: string | undefined, error: LogtoGuardError, auth: AuthInfo | undefined) {
  if (token === undefined) return undefined;
  const decoded = decodedToken(token);
  const verified = auth?.claims ?? signatureVerified.get(error);
  return verified === undefined ? decoded : verifiedToken(verified, decoded?.kid);
}

/**
 * Creates a guard. Every option is checked now and a wrong or unknown one throws `LogtoGuardConfigError`
 * naming it; nothing is fetched until the first request (or {@link Guard.warmUp}), so an unreachable
 * Logto never crashes start-up (requests get 503 until its keys can be loaded). Several issuers without an `endpoint` get one key set
 * each, picked by the token's `iss` after it is checked against the allow-list.
 *
 * Does NOT read environment variables, and does NOT accept tokens from anywhere but the
 * `Authorization: Bearer` header.
 *
 * @example
 * ```ts
 * import { createGuard, globalApi } from 'logto-guard'
 * const guard = createGuard({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })
 * const outcome = await guard.check({ authorization: req.headers.authorization, request: req },
 *   globalApi({ scopes: ['read:products'] }))
 * ```
 */
export function createGuard(options: GuardOptions): Guard {
  const resolved = resolveOptions(options);
  const keySets = createKeySets(resolved, observedFetch(resolved.fetch, resolved.fetchTimeout));
  const verify = createVerifier(resolved, (issuer) => keySets.get(issuer));
  const render = (error: LogtoGuardError) => renderError(error, resolved);

  async function check<Req>(input: GuardInput<Req>, policy: Policy<Req>): Promise<GuardOutcome> {
    let token: string | undefined;
    let auth: AuthInfo | undefined;
    try {
      if (policy.model !== 'global-api') requireOrganizationParameter(policy.organizationId, input);
      if (policy.optional && (input.authorization == null || input.authorization === '')) {
        return { ok: true, auth: undefined };
      }
      // A cache hit first: the cache holds only tokens that were valid b64tokens when stored, so their
      // characters need no second look; anything else is checked in full before it is verified.
      const candidate = bearerCandidate(input.authorization);
      auth = verify.cached(candidate);
      if (auth === undefined) {
        // On a miss one regular expression, not two: three base64url segments are an RFC 6750 b64token
        // too, and the verifier is told so; anything else gets the full b64token check first.
        const plain = isPlainCompact(candidate);
        token = plain ? candidate : checkBearerToken(candidate);
        auth = await verify.uncached(token, plain);
      } else {
        token = candidate;
      }
      const pending = authorizeNow(auth, policy, input, resolved.audiences);
      if (pending !== undefined) await pending;
      return { ok: true, auth };
    } catch (error) {
      // Every LogtoGuardError is one of the LogtoGuardFailure subclasses (the base class is abstract).
      if (!(error instanceof LogtoGuardError)) throw error;
      const failure = error as LogtoGuardFailure;
      reportTo(resolved.onFailure, () =>
        requestFailureEvent(failure, tokenFacts(token, failure, auth) as FailureToken | undefined),
      );
      return { ok: false, error: failure, response: render(error) };
    }
  }

  const keySetsByTenant = resolved.keySources.map(({ issuers }) => ({
    issuers: Object.freeze([...issuers]), // a copy: the guard's own list decides which `iss` is accepted
    keySet: keySets.get(issuers[0] as string) as KeySet,
  }));
  const keySetStates = () =>
    keySetsByTenant.map(({ issuers, keySet }) => Object.freeze({ issuers, ...keySet.state() }));
  async function warmUp() {
    await Promise.all(keySetsByTenant.map(({ keySet }) => keySet.load()));
    return keySetStates();
  }

  return Object.freeze({
    options: Object.freeze(resolved),
    check,
    verify,
    render,
    keySets: keySetStates,
    warmUp,
  });
}
