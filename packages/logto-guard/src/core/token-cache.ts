/**
 * A bounded cache of verified tokens, so a token reused across requests is checked cryptographically once.
 *
 * @module
 */

/** Bounds of a {@link TokenCache}. */
export interface TokenCacheBounds {
  maxEntries: number;
  /** Milliseconds. */
  maxAge: number;
}

// FNV-1a over the end of the token (its signature, unique per token). Collisions only let a token into the
// cache one sighting early: the cache itself is keyed by the whole token.
function fingerprint(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, token.length - 64); i < token.length; i += 1) {
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Least-recently-used map from token to its verification result. An entry is dropped at its own
 * `expiresAt` (the caller passes the token's `exp`), or `maxAge` after it was stored, whichever is first;
 * beyond `maxEntries` the least recently used entry is evicted.
 *
 * A token is stored the second time it is verified, not the first: a workload of tokens that never come
 * back (one per request) then pays for a small fingerprint instead of churning the cache, while a token
 * reused by a client is stored from its second request on.
 *
 * Does NOT cache failures, and does NOT replace the route's policy checks, which run on every request.
 */
export class TokenCache<Value> {
  readonly #entries = new Map<string, { value: Value; expiresAt: number }>();
  readonly #seen = new Set<number>();
  readonly #bounds: TokenCacheBounds;

  constructor(bounds: TokenCacheBounds) {
    this.#bounds = bounds;
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value stored for `token`, if still fresh at `now` (ms); refreshes its recency. */
  get(token: string, now: number): Value | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#entries.delete(token);
    if (now >= entry.expiresAt) return undefined;
    this.#entries.set(token, entry);
    return entry.value;
  }

  /**
   * Stores `value` for `token` until `expiresAt` (ms) or `now + maxAge`, whichever is first, if `token` was
   * offered before; otherwise only remembers its fingerprint.
   */
  set(token: string, value: Value, now: number, expiresAt: number): void {
    const until = Math.min(expiresAt, now + this.#bounds.maxAge);
    if (until <= now) return;
    const print = fingerprint(token);
    if (!this.#seen.has(print)) {
      if (this.#seen.size >= this.#bounds.maxEntries) this.#seen.clear();
      this.#seen.add(print);
      return;
    }
    this.#entries.delete(token);
    this.#entries.set(token, { value, expiresAt: until });
    if (this.#entries.size > this.#bounds.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
    this.#seen.clear();
  }
}
