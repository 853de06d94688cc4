/**
 * `createGuard`: the one object every adapter calls.
 *
 * @module
 */
import type { AuthInfo } from './auth-info.js';
import { authorize } from './authorize.js';
import { extractBearerToken } from './bearer.js';
import { createJwksUriResolver } from './discovery.js';
import { LogtoGuardError, type LogtoGuardFailure } from './errors.js';
import { createKeySet } from './key-set.js';
import { type GuardOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { Policy, RequestContext } from './policy.js';
import { type ErrorResponse, renderError } from './render.js';
import { createVerifier } from './verifier.js';

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
   * Never rejects for a request-level failure: those come back as `{ ok: false, error, response }`.
   * It rethrows only what the policy's own functions (`organizationId`, `checkClaims`) throw.
   */
  check<Req>(input: GuardInput<Req>, policy: Policy<Req>): Promise<GuardOutcome>;
  /**
   * Verifies a token (signature, `typ`, issuer, expiry, claim types) without any route policy.
   * @throws {LogtoGuardError}
   */
  verify(token: string): Promise<AuthInfo>;
  /** Renders a failure with this guard's realm and debug setting. */
  render(error: LogtoGuardError): ErrorResponse;
}

/**
 * Creates a guard. Every option is checked now and a wrong one throws `LogtoGuardConfigError` naming it;
 * nothing is fetched until the first request, so an unreachable Logto never crashes start-up (requests
 * get 503 until its keys can be loaded).
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
  const { keySource } = resolved;
  const jwksUri =
    keySource.kind === 'jwks'
      ? () => Promise.resolve(keySource.uri)
      : createJwksUriResolver({
          url: keySource.url,
          issuer: keySource.issuer,
          fetch: resolved.fetch,
          timeout: resolved.fetchTimeout,
          allowInsecureHttp: resolved.allowInsecureHttp,
        });
  const keySet = createKeySet({
    jwksUri,
    fetch: resolved.fetch,
    timeout: resolved.fetchTimeout,
    cacheMaxAge: resolved.jwksCacheMaxAge,
    cooldown: resolved.jwksCooldown,
    now: resolved.now,
  });
  const verify = createVerifier(resolved, keySet);
  const render = (error: LogtoGuardError) => renderError(error, resolved);

  async function check<Req>(input: GuardInput<Req>, policy: Policy<Req>): Promise<GuardOutcome> {
    try {
      if (policy.optional && (input.authorization == null || input.authorization === '')) {
        return { ok: true, auth: undefined };
      }
      const auth = await verify(extractBearerToken(input.authorization));
      authorize(auth, policy, input, resolved.audiences);
      return { ok: true, auth };
    } catch (error) {
      // Every LogtoGuardError is one of the LogtoGuardFailure subclasses (the base class is abstract).
      if (error instanceof LogtoGuardError) {
        return { ok: false, error: error as LogtoGuardFailure, response: render(error) };
      }
      throw error;
    }
  }

  return Object.freeze({ options: Object.freeze(resolved), check, verify, render });
}
