/**
 * The issuer's signing keys: fetched, cached, refreshed on an unknown `kid`, with a bounded fetch rate.
 *
 * @module
 */
import type { JWSHeaderParameters } from 'jose';
import { type LogtoGuardError, TokenError, UnavailableError, type UnavailableErrorCode } from './errors.js';
import { type FailureCause, failureCauses } from './failure-event.js';
import { fetchJsonObject } from './fetch-json.js';
import { type KeyEntry, type KeyIssue, readJwks, type VerificationKey } from './jwks-document.js';

export type { KeyIssue, KeyIssueCode, VerificationKey } from './jwks-document.js';

/** Settings of {@link createKeySet}. All times in milliseconds. */
export interface KeySetOptions {
  /** Resolves the JWKS URI (fixed, or through discovery). */
  jwksUri: () => Promise<string>;
  fetch: typeof fetch;
  timeout: number;
  /** Age after which a key set is refreshed in the background (still used meanwhile). */
  cacheMaxAge: number;
  /** Least time between the starts of two key-set fetches (the fetch rate bound). */
  cooldown: number;
  now: () => number;
  /**
   * Called once per skipped entry each time a key set is read (a malformed entry, a duplicated `kid`,
   * private key material, ...); the other keys stay usable. Internal: the guard's failure hook forwards
   * it. An exception it throws is ignored.
   */
  onKeyIssue?: (issue: KeyIssue) => void;
}

/** The last failed fetch of a key set: when, which failure (a 503 code), and why, as plain objects. */
export interface KeySetFailure {
  /** Milliseconds since the epoch (the guard's `now`). */
  readonly at: number;
  /** `discovery_failed` when the discovery document could not be had, else `jwks_unavailable`. */
  readonly code: UnavailableErrorCode;
  /** A fixed sentence saying what failed. */
  readonly detail: string;
  /** Why, outermost first: the URL fetched and its status or timeout (never a response body). */
  readonly cause: readonly FailureCause[];
}

/** What a key set knows of itself; see `guard.keySets()`. Times in milliseconds since the epoch. */
export interface KeySetState {
  /** True once a fetch succeeded: usable keys are held, and stay held through later failed fetches. */
  readonly loaded: boolean;
  /** Usable keys in the last key set read (0 before the first success). */
  readonly keyCount: number;
  /** The JWKS URI, once known (configured, or read from the discovery document). */
  readonly jwksUri: string | undefined;
  /** When the last successful fetch ended. */
  readonly lastSuccessAt: number | undefined;
  /** The last failed fetch, kept after a later success (compare `at` with `lastSuccessAt`). */
  readonly lastFailure: KeySetFailure | undefined;
  /** Failed fetches since the last success; the next fetch backs off accordingly. */
  readonly consecutiveFailures: number;
}

/** Picks the key for a token header. */
export interface KeySet {
  /**
   * The key whose `kid` matches `header`, imported for its `alg`.
   * @throws {LogtoGuardError} `unknown_key` (401), or `jwks_unavailable`/`discovery_failed` (503).
   */
  getKey(header: JWSHeaderParameters): Promise<VerificationKey>;
  /**
   * The key {@link KeySet.getKey} would give for `header` when it can be had without waiting: keys are
   * held, `kid` is among them and its key was already imported for `alg`. Starts the same background
   * refresh as `getKey` when the keys are past their age. Undefined otherwise (call `getKey`), so a new
   * token of a known key is verified without a promise.
   * @throws {LogtoGuardError} `unknown_key` (401) when `kid` is known but not usable for `alg`, as `getKey`.
   */
  keyNow(header: JWSHeaderParameters): VerificationKey | undefined;
  /** A snapshot of what is known now; fetches nothing. */
  state(): KeySetState;
  /**
   * Fetches the keys now when none are held, within the fetch-rate bound (joins a fetch in flight; does
   * nothing while a failure backs off or the cooldown runs). Resolves with {@link KeySet.state} once that
   * fetch settles; never rejects.
   */
  load(): Promise<KeySetState>;
}

// Failed fetches back off: the bound doubles after each consecutive failure, from max(cooldown, 1 s) to
// this ceiling, so an issuer that is down gets at most one request per 30 s from each guard.
const MAX_FAILURE_BACKOFF_MS = 30_000;
// A request with an unknown `kid` waits for the next fetch only when that fetch starts this soon;
// otherwise it is answered at once, and the fetch still happens.
const MAX_UNKNOWN_KID_WAIT_MS = 1_000;

const unknownKey = () => new TokenError('unknown_key', 'No key in the key set matches the token "kid"');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    // Not unref'd: a caller awaits this wait (at most one cooldown), so a command-line run such as
    // `logto-guard inspect` must not exit before its answer (Node exits 13 on an unsettled await).
    setTimeout(resolve, ms);
  });
}

/**
 * Creates the key set of one guard.
 *
 * - **Fetch rate.** Every fetch (the first one, a refresh for an unknown `kid`, a background refresh)
 *   starts at least `cooldown` after the previous one, and concurrent callers share the fetch in
 *   flight: at most one request to the issuer per `cooldown` per guard, whatever the traffic.
 * - **Rotation.** A token with an unknown `kid` waits for the next fetch (at most about `cooldown`,
 *   shared by every such request), so a newly published key is accepted within `cooldown` plus one
 *   fetch even while made-up `kid`s flood in.
 * - **Outage.** Once keys are known, a failed fetch keeps them, and keys past `cacheMaxAge` keep being
 *   honoured. Failed fetches back off (doubling from max(`cooldown`, 1 s) up to 30 s); meanwhile a
 *   request that needs a fetch (an unknown `kid`, or no keys yet) gets the failure (503) at once.
 * - **Bad entries.** A malformed entry or a duplicated `kid` is skipped and reported through
 *   `onKeyIssue`; every other key stays usable.
 *
 * Does NOT use `jku`, `x5u` or an embedded `jwk` header: keys come only from the configured JWKS.
 */
export function createKeySet(options: KeySetOptions): KeySet {
  const { now, cooldown } = options;
  let keys: Map<string, KeyEntry> | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let nextFetchAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  let lastFailure: LogtoGuardError | undefined;
  let inflight: Promise<void> | undefined;
  let queued: { at: number; promise: Promise<void> } | undefined;
  let fetches = 0;
  let jwksUri: string | undefined;
  let lastFailureRecord: KeySetFailure | undefined;

  function report(issues: readonly KeyIssue[]): void {
    for (const issue of issues) {
      try {
        options.onKeyIssue?.(issue);
      } catch {
        // A reporting hook must not turn a usable key set into an outage.
      }
    }
  }

  async function load(): Promise<Map<string, KeyEntry>> {
    const uri = await options.jwksUri();
    jwksUri = uri;
    try {
      const read = await readJwks(await fetchJsonObject(options.fetch, uri, options.timeout));
      report(read.issues);
      return read.keys;
    } catch (cause) {
      throw new UnavailableError('jwks_unavailable', 'JSON Web Key Set could not be loaded', cause);
    }
  }

  function startFetch(): Promise<void> {
    fetches += 1;
    nextFetchAt = now() + cooldown;
    inflight = load()
      .then(
        (loaded) => {
          keys = loaded;
          fetchedAt = now();
          failures = 0;
          lastFailure = undefined;
        },
        (error: LogtoGuardError) => {
          failures += 1;
          lastFailure = error;
          lastFailureRecord = Object.freeze({
            at: now(),
            code: error.code as UnavailableErrorCode,
            detail: error.message,
            cause: Object.freeze(failureCauses(error.cause)),
          });
          const backoff = Math.max(cooldown, 1_000) * 2 ** Math.min(failures - 1, 16);
          nextFetchAt = now() + Math.min(backoff, MAX_FAILURE_BACKOFF_MS);
          throw error;
        },
      )
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  /** The fetch in flight, else the next one (started now, or queued for when the bound allows it). */
  function nextFetch(): { at: number; promise: Promise<void> } {
    if (inflight !== undefined) return { at: now(), promise: inflight };
    if (queued !== undefined && queued.at > now()) return queued;
    const at = nextFetchAt;
    if (at <= now()) return { at, promise: startFetch() };
    const started = fetches;
    const entry = {
      at,
      promise: sleep(at - now()).then(() => {
        if (queued === entry) queued = undefined;
        // Unless a fetch started meanwhile (the injected clock ran ahead of the timer).
        return inflight ?? (fetches === started ? startFetch() : undefined);
      }),
    };
    entry.promise.catch(() => {}); // its failure reaches the callers that wait for it, if any
    queued = entry;
    return entry;
  }

  /** The entry for `header.kid`: undefined when unknown, 401 when known but unusable for `header.alg`. */
  function select(header: JWSHeaderParameters): KeyEntry | undefined {
    const entry = keys?.get(header.kid as string);
    if (entry !== undefined && !entry.algorithms.includes(header.alg as string)) {
      throw new TokenError('unknown_key', 'No usable key in the key set matches the token');
    }
    return entry;
  }

  // Keys already imported, per entry and `alg`, for `keyNow`. Bounded by the key set: an entry exists
  // only while its key set is held (at most 100 entries, a handful of algorithms each), and a WeakMap
  // lets a replaced key set go.
  const imported = new WeakMap<KeyEntry, Map<string, VerificationKey>>();

  async function importFor(entry: KeyEntry, alg: string): Promise<VerificationKey> {
    let key: VerificationKey;
    try {
      key = await entry.key(alg);
    } catch (cause) {
      throw new TokenError('unknown_key', 'No usable key in the key set matches the token', cause);
    }
    let byAlg = imported.get(entry);
    if (byAlg === undefined) {
      byAlg = new Map();
      imported.set(entry, byAlg);
    }
    byAlg.set(alg, key);
    return key;
  }

  /** Starts a background refresh when the keys held are past `cacheMaxAge` and the bound allows it. */
  function refreshIfStale(): void {
    if (now() - fetchedAt > options.cacheMaxAge && inflight === undefined && now() >= nextFetchAt) {
      startFetch().catch(() => {}); // stale-while-revalidate: the known keys keep working meanwhile
    }
  }

  function state(): KeySetState {
    const loaded = keys !== undefined;
    return {
      loaded,
      keyCount: keys?.size ?? 0,
      jwksUri,
      lastSuccessAt: loaded ? fetchedAt : undefined,
      lastFailure: lastFailureRecord,
      consecutiveFailures: failures,
    };
  }

  return {
    state,
    keyNow(header) {
      if (keys === undefined) return undefined;
      refreshIfStale();
      const entry = select(header);
      return entry === undefined ? undefined : imported.get(entry)?.get(header.alg as string);
    },
    async load() {
      if (keys === undefined && (inflight !== undefined || now() >= nextFetchAt)) {
        await (inflight ?? startFetch()).catch(() => {}); // the failure is in the state
      }
      return state();
    },
    async getKey(header) {
      if (keys === undefined) {
        // Nothing known yet: join the fetch in flight, or start one unless a failure is backing off.
        if (inflight === undefined && now() < nextFetchAt) throw lastFailure ?? unknownKey();
        await (inflight ?? startFetch());
      } else {
        refreshIfStale();
      }
      const entry = select(header);
      if (entry !== undefined) return importFor(entry, header.alg as string);
      const next = nextFetch();
      const backingOff = lastFailure !== undefined && inflight === undefined;
      if (backingOff || next.at - now() > MAX_UNKNOWN_KID_WAIT_MS) throw lastFailure ?? unknownKey();
      await next.promise;
      const refreshed = select(header);
      if (refreshed === undefined) throw unknownKey();
      return importFor(refreshed, header.alg as string);
    },
  };
}
