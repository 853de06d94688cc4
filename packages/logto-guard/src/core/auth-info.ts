/**
 * What a protected route receives about the caller.
 *
 * @module
 */
import type { LogtoAccessTokenClaims } from './claims.js';
import { parseScope } from './scopes.js';

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
 * for which audience. `claims` keeps every verified claim for anything else. Instances are frozen and may
 * be shared between requests carrying the same token. Constructing one does NOT verify anything: the
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
  /** `organization_id` of an organization-level API resource token, else null. */
  readonly organizationId: string | null;
  /** Granted permissions, in token order. */
  readonly scopes: readonly string[];
  /** `aud` as a list. */
  readonly audience: readonly string[];
  /** Every verified claim. */
  readonly claims: Readonly<LogtoAccessTokenClaims>;
  /** `scopes` as a set, for exact lookups. */
  readonly scopeSet: ReadonlySet<string>;

  constructor(claims: LogtoAccessTokenClaims) {
    this.sub = claims.sub;
    this.clientId = claims.client_id;
    this.organizationId = claims.organization_id ?? null;
    this.scopes = Object.freeze(parseScope(claims.scope) ?? []);
    this.audience = Object.freeze(typeof claims.aud === 'string' ? [claims.aud] : [...claims.aud]);
    this.claims = Object.freeze(claims);
    this.scopeSet = new Set(this.scopes);
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
