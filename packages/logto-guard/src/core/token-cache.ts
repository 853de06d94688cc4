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

/**
 * Least-recently-used map from token to its verification result. An entry is dropped at its own
 * `expiresAt` (the caller passes the token's `exp`), or `maxAge` after it was stored, whichever is first;
 * beyond `maxEntries` the least recently used entry is evicted.
 *
 * Does NOT cache failures, and does NOT replace the route's policy checks, which run on every request.
 */
export class TokenCache<Value> {
  readonly #entries = new Map<string, { value: Value; expiresAt: number }>();
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

  /** Stores `value` for `token` until `expiresAt` (ms) or `now + maxAge`, whichever is first. */
  set(token: string, value: Value, now: number, expiresAt: number): void {
    const until = Math.min(expiresAt, now + this.#bounds.maxAge);
    if (until <= now) return;
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
  }
}
