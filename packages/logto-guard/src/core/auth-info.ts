/**
 * What a protected route receives about the caller.
 *
 * @module
 */
import type { LogtoAccessTokenClaims } from './claims.js';
import { parseScope } from './scopes.js';
import { organizationOfAudience } from './token-format.js';

/** Freezes `value` and everything reachable from it (verified claims are plain JSON: no cycles). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A read-only set of scope names. Not a `Set`: a frozen `Set` still takes `add()` (its entries are not
 * properties), and the guard checks route scopes against this object, which the token cache shares
 * between requests carrying the same token. `has` scans the frozen `scopes` array of the `AuthInfo` (a
 * token carries a handful of names); the `Set` of distinct names that `size` and the iterators read is
 * private and built on first use, so no handler can grant the next request more. The object itself is
 * frozen.
 */
class ScopeSet implements ReadonlySet<string> {
  readonly #list: readonly string[];
  #names: Set<string> | undefined;

  constructor(names: readonly string[]) {
    this.#list = names;
    Object.freeze(this);
  }

  /** The distinct names; built once, on first use. */
  #set(): Set<string> {
    this.#names ??= new Set(this.#list);
    return this.#names;
  }

  get size(): number {
    return this.#set().size;
  }
  has(name: string): boolean {
    return this.#list.includes(name);
  }
  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const name of this.#set()) callback.call(thisArg, name, name, this);
  }
  entries(): SetIterator<[string, string]> {
    return this.#set().entries();
  }
  keys(): SetIterator<string> {
    return this.#set().keys();
  }
  values(): SetIterator<string> {
    return this.#set().values();
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.#set().values();
  }
}

/** The JSON form of {@link AuthInfo}: exactly the reference guide's `AuthInfo.to_dict()`, in camelCase. */
export interface AuthInfoJson {
  sub: string;
  clientId: string;
  organizationId: string | null;
  scopes: string[];
  audience: string[];
}

/**
 * The verified caller of a request: who (`sub`, `clientId`), for which organization, with which scopes,
 * for which audience. `claims` keeps every verified claim for anything else. Instances are deeply frozen
 * (`claims` and everything in it included; `scopeSet` is a read-only set, not a `Set`) and may be shared
 * between requests carrying the same token: nothing a handler does to one changes what a later request
 * is granted. Constructing one does NOT verify anything: the
 * guard builds it from claims it has verified.
 *
 * @example
 * ```ts
 * app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (req, res) => {
 *   res.json({ auth: req.auth }) // {"auth":{"sub":"...","clientId":"...","organizationId":null,...}}
 * })
 * ```
 */
export class AuthInfo {
  /** User id; for machine-to-machine tokens, the application id. */
  readonly sub: string;
  /** The application the token was issued to. */
  readonly clientId: string;
  /**
   * The organization the token is for: `organization_id` of an organization-level API resource token, or
   * the `<id>` of an organization token's `aud` (`urn:logto:organization:<id>`); null for a global token.
   */
  readonly organizationId: string | null;
  /** Granted permissions, in token order. */
  readonly scopes: readonly string[];
  /** `aud` as a list. */
  readonly audience: readonly string[];
  /** Every verified claim. */
  readonly claims: Readonly<LogtoAccessTokenClaims>;
  /** `scopes` as a read-only set, for exact lookups (it has no `add`, and is not `instanceof Set`). */
  readonly scopeSet: ReadonlySet<string>;

  constructor(claims: LogtoAccessTokenClaims) {
    this.sub = claims.sub;
    this.clientId = claims.client_id;
    this.organizationId = claims.organization_id ?? organizationOfAudience(claims.aud) ?? null;
    this.scopes = Object.freeze(parseScope(claims.scope) ?? []);
    this.audience = Object.freeze(typeof claims.aud === 'string' ? [claims.aud] : [...claims.aud]);
    this.claims = deepFreeze(claims);
    this.scopeSet = new ScopeSet(this.scopes);
    Object.freeze(this);
  }

  /** The guide's JSON shape; `claims` and `scopeSet` are left out. */
  toJSON(): AuthInfoJson {
    return {
      sub: this.sub,
      clientId: this.clientId,
      organizationId: this.organizationId,
      scopes: [...this.scopes],
      audience: [...this.audience],
    };
  }
}
