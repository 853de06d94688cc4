/**
 * An in-memory, Logto-shaped issuer for tests: mints access tokens for the three permission models,
 * serves discovery and the JWKS (in memory or on 127.0.0.1), rotates keys, and can simulate an outage.
 *
 * @module
 */
import { type JWTPayload, SignJWT } from 'jose';
import { ACCESS_TOKEN_TYPE, organizationAudience } from '../core/index.js';
import { answer, listen, type OutageMode } from './jwks-server.js';
import { generateSigningKey, type SigningKey, type TestSigningAlgorithm } from './signing-keys.js';

/** Algorithms the test issuer can sign with: Logto's set. */
export type { TestSigningAlgorithm };

/** Options of {@link createTestIssuer}. */
export interface TestIssuerOptions {
  /** Signing algorithm. Default `ES384`, Logto's default. */
  alg?: TestSigningAlgorithm;
  /** Serve discovery and JWKS on `http://127.0.0.1:<random port>`; the endpoint is then that URL. Default false. */
  listen?: boolean;
  /** Endpoint when not listening. Default `https://logto.test`; the issuer is `<endpoint>/oidc`. */
  endpoint?: string;
  /** Clock for `iat`/`exp`, milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** What a minted token carries. Unset fields get Logto-like defaults. */
export interface MintOptions {
  /** `sub`. Default `user-1`. */
  subject?: string;
  /** `client_id`. Default `app-1`. */
  clientId?: string;
  /** Permissions; an empty list gives no `scope` claim. */
  scopes?: readonly string[];
  /** Seconds from now until `exp`. Default 3600; negative for an expired token. */
  expiresIn?: number;
  /** Extra or overriding claims (`undefined` removes one). */
  claims?: Record<string, unknown>;
  /** Extra or overriding protected header parameters (`typ`, `kid`, `crit`, ...). */
  header?: Record<string, unknown>;
}

/** A test issuer; see {@link createTestIssuer}. */
export interface TestIssuer {
  /** The Logto endpoint to give `createGuard({ endpoint })`. */
  readonly endpoint: string;
  /** `<endpoint>/oidc`. */
  readonly issuer: string;
  /** `<issuer>/jwks`. */
  readonly jwksUri: string;
  /** A fetch that answers this issuer's discovery and JWKS URLs in memory; pass it as `createGuard({ fetch })`. */
  readonly fetch: typeof fetch;
  /** The `kid` of the current signing key. */
  readonly kid: string;
  /** How many times the JWKS was requested. */
  readonly jwksRequests: number;
  /** The published key set (public keys only). */
  jwks(): { keys: object[] };
  /** A global API resource token: `aud` = `resource`. */
  mintApiToken(resource: string, options?: MintOptions): Promise<string>;
  /** An organization token: `aud` = `urn:logto:organization:<organizationId>`. */
  mintOrganizationToken(organizationId: string, options?: MintOptions): Promise<string>;
  /** An organization-level API resource token: `aud` = `resource` and an `organization_id` claim. */
  mintOrganizationApiToken(resource: string, organizationId: string, options?: MintOptions): Promise<string>;
  /** Signs arbitrary claims with the current key (Logto header unless overridden). */
  sign(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  /** Makes a new key current; the previous one stays published (like Logto's rotation). */
  rotateKeys(alg?: TestSigningAlgorithm): Promise<void>;
  /** Makes the served endpoints fail (`error`: 503) or never answer (`hang`); `none` restores them. */
  setOutage(mode: OutageMode): void;
  /** Stops the HTTP server, if any, and ends hanging requests. */
  close(): Promise<void>;
}

/**
 * Creates a test issuer.
 *
 * Does NOT implement a token endpoint or any OAuth flow: it mints tokens directly. For a real OpenID
 * provider with Logto's token endpoint semantics, use the dev issuer.
 *
 * @example
 * ```ts
 * import { createTestIssuer } from 'logto-guard/testing'
 * const issuer = await createTestIssuer()
 * const guard = createGuard({ endpoint: issuer.endpoint, audience: 'https://api.example.com', fetch: issuer.fetch })
 * const token = await issuer.mintApiToken('https://api.example.com', { scopes: ['read:products'] })
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const now = options.now ?? Date.now;
  let keys: SigningKey[] = [await generateSigningKey(options.alg ?? 'ES384')];
  let outage: OutageMode = 'none';
  let jwksRequests = 0;
  let endpoint = (options.endpoint ?? 'https://logto.test').replace(/\/+$/, '');
  const served = {
    issuer: () => `${endpoint}/oidc`,
    jwks: () => ({ keys: keys.map((key) => key.publicJwk) }),
    outage: () => outage,
    countJwksRequest: () => {
      jwksRequests += 1;
    },
  };
  const server = options.listen ? await listen(served) : undefined;
  if (server) endpoint = server.origin;

  const current = () => keys[0] as SigningKey;
  async function sign(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
    const key = current();
    // `alg` always names the key's algorithm; forged headers (`none`, `HS256`) are built by hand in tests.
    return new SignJWT(claims)
      .setProtectedHeader({ typ: ACCESS_TOKEN_TYPE, kid: key.kid, ...header, alg: key.alg })
      .sign(key.privateKey);
  }
  function mint(aud: string, extra: Record<string, unknown>, options: MintOptions = {}): Promise<string> {
    const iat = Math.floor(now() / 1000);
    const clientId = options.clientId ?? 'app-1';
    const claims: Record<string, unknown> = {
      jti: crypto.randomUUID(),
      sub: options.subject ?? 'user-1',
      iat,
      exp: iat + (options.expiresIn ?? 3600),
      client_id: clientId,
      iss: served.issuer(),
      aud,
      ...extra,
    };
    if (options.scopes !== undefined && options.scopes.length > 0) claims.scope = options.scopes.join(' ');
    for (const [name, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return sign(claims as JWTPayload, options.header);
  }

  return {
    get endpoint() {
      return endpoint;
    },
    get issuer() {
      return served.issuer();
    },
    get jwksUri() {
      return `${served.issuer()}/jwks`;
    },
    get kid() {
      return current().kid;
    },
    get jwksRequests() {
      return jwksRequests;
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin !== new URL(endpoint).origin)
        return Response.json({ error: 'unknown host' }, { status: 502 });
      return answer(served, url.pathname, init?.signal);
    }) as typeof fetch,
    jwks: served.jwks,
    mintApiToken: (resource, options) => mint(resource, {}, options),
    mintOrganizationToken: (organizationId, options) =>
      mint(organizationAudience(organizationId), {}, options),
    mintOrganizationApiToken: (resource, organizationId, options) =>
      mint(resource, { organization_id: organizationId }, options),
    sign,
    async rotateKeys(alg) {
      keys = [await generateSigningKey(alg ?? current().alg), current()];
    },
    setOutage(mode) {
      outage = mode;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server) return resolve();
        server.server.closeAllConnections();
        server.server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
