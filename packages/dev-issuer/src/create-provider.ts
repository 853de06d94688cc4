import { randomBytes } from 'node:crypto';

import type { AdapterPayload, ClientMetadata, Configuration, Provider, ResourceServer } from 'oidc-provider';

import {
  CLIENT_CREDENTIALS_DUPLICATES,
  CLIENT_CREDENTIALS_PARAMETERS,
  createClientCredentialsGrant,
  type ResourceServerInfoResolver,
} from './client-credentials-grant.js';
import { loadOidcProvider } from './load-oidc-provider.js';
import { MemoryAdapter } from './memory-adapter.js';
import type { WorldPermissions } from './permissions.js';
import type { SigningKey } from './signing-keys.js';
import type { World } from './world-config.js';

/**
 * Everything one provider instance is built from (internal to the package).
 *
 * @example
 * ```ts
 * const provider = await createProvider({ ...setup, keys: ring.keys });
 * ```
 */
export interface ProviderSetup {
  /** `<base>/oidc`. */
  readonly issuer: string;
  readonly world: World;
  readonly permissions: WorldPermissions;
  /** Published keys, the signing key first. */
  readonly keys: readonly SigningKey[];
  /** Default access token lifetime in seconds. */
  readonly accessTokenTtl: number;
  /** Put `scope: ""` in the JWT of an organization token without granted scope. */
  readonly emptyOrganizationScopeClaim: boolean;
  /** Storage kept across key rotations (a new provider is built per rotation). */
  readonly stores: Map<string, Map<string, { payload: AdapterPayload; expiresAt: number }>>;
  /** Cookie signing keys, kept across rotations. */
  readonly cookieKeys: readonly string[];
}

/** Algorithms Logto enables (packages/core/src/oidc/init.ts): never HS*, never none. */
const SUPPORTED_SIGNING_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'ES512'] as const;

/**
 * Random cookie keys for a new issuer (cookies are unused: there is no user sign-in).
 *
 * @example
 * ```ts
 * const cookieKeys = createCookieKeys();
 * ```
 */
export const createCookieKeys = (): string[] => [randomBytes(32).toString('base64url')];

function toClient(app: World['applications'][number]): ClientMetadata {
  return {
    client_id: app.id,
    client_secret: app.secret,
    client_name: app.name,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    // oidc-provider v9 accepts the secret in the Basic header or in the form for either method.
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

/**
 * Builds an oidc-provider instance configured like Logto for machine-to-machine tokens: JWT
 * access tokens (`typ: at+jwt`) signed by the current key, resource indicators resolved from the
 * world, Logto's client_credentials grant with `organization_id`, the `organization_id` claim on
 * organization-level API tokens, the JWKS served with `Cache-Control: no-cache, max-age=0`.
 * User-facing features (interactions, sessions, logout, PAR, DPoP) are turned off.
 *
 * @example
 * ```ts
 * const provider = await createProvider(setup);
 * http.createServer(provider.callback());
 * ```
 */
export async function createProvider(setup: ProviderSetup): Promise<Provider> {
  const { default: OidcProvider, errors } = await loadOidcProvider();
  const { permissions, accessTokenTtl } = setup;
  const signingKey = setup.keys[0]!;

  const sharedResourceServer = (): Pick<ResourceServer, 'accessTokenFormat' | 'jwt'> => ({
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: signingKey.alg, kid: signingKey.kid } },
  });

  const resourceServerInfo: ResourceServerInfoResolver = async (ctx, indicator, client) => {
    const resource = permissions.resource(indicator);
    if (resource === undefined) throw new errors.InvalidTarget();
    const organizationId = ctx.oidc.params?.organization_id;
    const scopes =
      typeof organizationId === 'string' && organizationId !== ''
        ? permissions.organizationApiScopes(client.clientId, organizationId, indicator)
        : permissions.apiScopes(client.clientId, indicator);
    return {
      ...sharedResourceServer(),
      accessTokenTTL: resource.accessTokenTtl ?? accessTokenTtl,
      scope: scopes.join(' '),
    };
  };

  const configuration: Configuration = {
    adapter: (name: string) => new MemoryAdapter(name, setup.stores),
    clients: setup.world.applications.map(toClient),
    jwks: { keys: setup.keys.map((key) => ({ ...key.jwk })) },
    cookies: { keys: [...setup.cookieKeys] },
    enabledJWA: {
      authorizationSigningAlgValues: [...SUPPORTED_SIGNING_ALGS],
      userinfoSigningAlgValues: [...SUPPORTED_SIGNING_ALGS],
      idTokenSigningAlgValues: [...SUPPORTED_SIGNING_ALGS],
      introspectionSigningAlgValues: [...SUPPORTED_SIGNING_ALGS],
    },
    clientDefaults: { id_token_signed_response_alg: signingKey.alg },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: false },
      revocation: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => permissions.defaultResource() ?? '',
        useGrantedResource: () => false,
        getResourceServerInfo: resourceServerInfo,
      },
    },
    // Logto: `organization_id` only on tokens for an API resource requested with an organization.
    extraTokenClaims: (ctx, token) => {
      const organizationId = ctx.oidc.params?.organization_id;
      const isApiToken = typeof token.aud === 'string' && !token.aud.startsWith('urn:logto:organization:');
      return typeof organizationId === 'string' && organizationId !== '' && isApiToken
        ? { organization_id: organizationId }
        : undefined;
    },
    formats: {
      customizers: {
        // oidc-provider writes `scope: scope || undefined`, so an empty scope never reaches the JWT.
        jwt: (_ctx, token, parts) => {
          const isOrganizationToken =
            typeof token.aud === 'string' && token.aud.startsWith('urn:logto:organization:');
          if (setup.emptyOrganizationScopeClaim && isOrganizationToken && token.scope === '') {
            parts.payload.scope = '';
          }
        },
      },
    },
    ttl: {
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    },
    renderError: (ctx, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };

  const provider = new OidcProvider(setup.issuer, configuration);
  // Behind a dev proxy (e.g. `baseUrl: https://auth.localhost`), discovery follows X-Forwarded-*.
  provider.proxy = true;

  const grant = createClientCredentialsGrant({
    errors,
    permissions,
    resourceServerInfo,
    organizationResourceServer: (audience, scope) => ({
      ...sharedResourceServer(),
      accessTokenTTL: accessTokenTtl,
      audience,
      scope,
    }),
  });
  provider.registerGrantType(
    'client_credentials',
    grant,
    CLIENT_CREDENTIALS_PARAMETERS,
    CLIENT_CREDENTIALS_DUPLICATES,
  );

  // Logto's koa-jwks-cache-control: verifiers must keep their own cache floor.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/jwks' && ctx.status === 200) ctx.set('Cache-Control', 'no-cache, max-age=0');
  });

  return provider;
}
