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

// How many characters at the end of a token its fingerprint covers: 32 base64url characters of a
// signature are 192 bits that differ between any two tokens, far more than the 32-bit hash keeps.
const FINGERPRINT_CHARS = 32;

// FNV-1a over the end of the token (its signature, unique per token) and its length. A collision only lets a
// token into the cache one sighting early, or makes two tokens share one slot (each then misses): every
// lookup compares the whole token.
function fingerprint(token: string): number {
  let hash = 0x811c9dc5 ^ token.length;
  for (let i = Math.max(0, token.length - FINGERPRINT_CHARS); i < token.length; i += 1) {
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** One stored verification result; `token` is compared in full on every lookup. */
interface Entry<Value> {
  token: string;
  value: Value;
  expiresAt: number;
  /** Value of the insertion counter when the entry was last moved to the most recent end. */
  touched: number;
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
 * Lookups cost the same whatever the token's length: entries are keyed by the fingerprint of the token's
 * last 32 characters (a fresh header string would otherwise be hashed in full on every request), and the
 * whole token is then compared, so two tokens sharing a fingerprint only ever miss, never mix. Recency is
 * refreshed on a hit when the entry was last refreshed more than a quarter of `maxEntries` insertions ago
 * (every hit for caches of fewer than 4 entries): an entry used within the last quarter of insertions is
 * never the one evicted, and a hot token does not re-insert itself on every request.
 *
 * Does NOT cache failures, and does NOT replace the route's policy checks, which run on every request.
 */
export class TokenCache<Value> {
  readonly #entries = new Map<number, Entry<Value>>();
  readonly #seen = new Set<number>();
  readonly #bounds: TokenCacheBounds;
  readonly #refreshAfter: number;
  #insertions = 0;

  constructor(bounds: TokenCacheBounds) {
    this.#bounds = bounds;
    this.#refreshAfter = Math.floor(bounds.maxEntries / 4);
  }

  /** Number of entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value stored for `token`, if still fresh at `now` (ms); refreshes its recency. */
  get(token: string, now: number): Value | undefined {
    const print = fingerprint(token);
    const entry = this.#entries.get(print);
    if (entry === undefined || entry.token !== token) return undefined;
    if (now >= entry.expiresAt) {
      this.#entries.delete(print);
      return undefined;
    }
    if (this.#insertions - entry.touched > this.#refreshAfter) {
      this.#entries.delete(print);
      this.#entries.set(print, entry);
      entry.touched = ++this.#insertions;
    }
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
    this.#entries.delete(print);
    this.#entries.set(print, { token, value, expiresAt: until, touched: ++this.#insertions });
    if (this.#entries.size > this.#bounds.maxEntries) {
      const oldest = this.#entries.keys().next().value as number;
      this.#entries.delete(oldest);
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
    this.#seen.clear();
  }
}
