/**
 * The issuer's signing keys: fetched, cached, refreshed on an unknown `kid` at most once per cooldown.
 *
 * @module
 */
import { createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';
import { LogtoGuardError, TokenError, UnavailableError } from './errors.js';
import { fetchJsonObject } from './fetch-json.js';

/** A verification key as jose returns it. */
export type VerificationKey = Awaited<ReturnType<ReturnType<typeof createLocalJWKSet>>>;

/** Settings of {@link createKeySet}. All times in milliseconds. */
export interface KeySetOptions {
  /** Resolves the JWKS URI (fixed, or through discovery). */
  jwksUri: () => Promise<string>;
  fetch: typeof fetch;
  timeout: number;
  /** Age after which a key set is refreshed in the background (still used meanwhile). */
  cacheMaxAge: number;
  /** Least time between two fetches caused by an unknown `kid`. */
  cooldown: number;
  now: () => number;
}

/** Picks the key for a token header. */
export interface KeySet {
  /**
   * The key whose `kid` (and key type) matches `header`.
   * @throws {LogtoGuardError} `unknown_key` (401), or `jwks_unavailable`/`discovery_failed` (503).
   */
  getKey(header: JWSHeaderParameters): Promise<VerificationKey>;
}

// After a failed fetch with no keys known, requests get 503 at once for this long instead of each
// starting a new fetch against an issuer that is down.
const FAILURE_BACKOFF_MS = 1_000;

/**
 * Creates the key set of one guard. The first request fetches it; concurrent requests share that fetch.
 * Once keys are known, a failed refresh keeps them: an outage of the issuer does not reject tokens signed
 * by keys already known. An unknown `kid` triggers one refetch, at most once per `cooldown`, so a flood of
 * made-up `kid`s costs at most one request to the issuer per cooldown.
 *
 * Does NOT use `jku`, `x5u` or an embedded `jwk` header: keys come only from the configured JWKS.
 */
export function createKeySet(options: KeySetOptions): KeySet {
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  // Only refetches caused by an unknown `kid` count towards the cooldown: a key rotated in right after
  // start-up is still picked up at once.
  let unknownKidRefetchAt = Number.NEGATIVE_INFINITY;
  let lastFailure: { at: number; error: LogtoGuardError } | undefined;
  let pending: Promise<void> | undefined;

  async function load(): Promise<void> {
    const uri = await options.jwksUri();
    let jwks: JSONWebKeySet;
    try {
      jwks = (await fetchJsonObject(options.fetch, uri, options.timeout)) as unknown as JSONWebKeySet;
      local = createLocalJWKSet(jwks);
    } catch (cause) {
      throw new UnavailableError('jwks_unavailable', 'JSON Web Key Set could not be loaded', cause);
    }
    fetchedAt = options.now();
  }

  function refresh(): Promise<void> {
    pending ??= (async () => {
      try {
        await load();
        lastFailure = undefined;
      } catch (error) {
        lastFailure = { at: options.now(), error: error as LogtoGuardError };
        throw error;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  }

  async function lookUp(header: JWSHeaderParameters): Promise<VerificationKey | undefined> {
    try {
      return await (local as NonNullable<typeof local>)(header, { payload: '', signature: '' });
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') return undefined;
      throw new TokenError('unknown_key', 'No usable key in the key set matches the token', cause);
    }
  }

  return {
    async getKey(header) {
      if (local === undefined) {
        if (
          pending === undefined &&
          lastFailure !== undefined &&
          options.now() - lastFailure.at < FAILURE_BACKOFF_MS
        ) {
          throw lastFailure.error;
        }
        await refresh();
      } else if (options.now() - fetchedAt > options.cacheMaxAge && pending === undefined) {
        refresh().catch(() => {}); // stale-while-revalidate: keep using the known keys
      }
      const key = await lookUp(header);
      if (key !== undefined) return key;
      if (pending === undefined) {
        if (options.now() - unknownKidRefetchAt < options.cooldown) {
          throw new TokenError('unknown_key', 'No key in the key set matches the token "kid"');
        }
        unknownKidRefetchAt = options.now();
      }
      await refresh();
      const refreshed = await lookUp(header);
      if (refreshed === undefined)
        throw new TokenError('unknown_key', 'No key in the key set matches the token "kid"');
      return refreshed;
    },
  };
}
