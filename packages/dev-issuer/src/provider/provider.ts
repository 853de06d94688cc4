/**
 * `createProvider`: one oidc-provider instance configured like Logto for machine-to-machine tokens.
 * The configuration is assembled from small parts: the resource servers (audience, scopes, lifetime
 * and signing key of each token), the features (what is on and off), Logto's token shape
 * (`organization_id` claim, empty organization `scope`) and the JWKS cache header. A new grant goes
 * in `grants/` and is registered in {@link createProvider}; a new world concept reaches the provider
 * through {@link ProviderSetup}.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

import type {
  AdapterPayload,
  ClientMetadata,
  Configuration,
  KoaContextWithOIDC,
  Provider,
  ResourceServer,
} from 'oidc-provider';

import type { World } from '../world/config.js';
import type { WorldPermissions } from '../world/permissions.js';
import { MemoryAdapter } from './adapter.js';
import {
  CLIENT_CREDENTIALS_DUPLICATES,
  CLIENT_CREDENTIALS_PARAMETERS,
  createClientCredentialsGrant,
  isOrganizationAudience,
  type ResourceServerInfoResolver,
} from './grants/client-credentials.js';
import type { SigningKey } from './keys.js';
import { loadOidcProvider, type OidcProviderModule } from './oidc-provider.js';

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

/** A machine-to-machine application as an oidc-provider client. */
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

/** How each token is issued: JWT signed by the current key, scopes and lifetime from the world. */
interface ResourceServers {
  /** An API resource: scopes from the app's global roles, or its organization roles with `organization_id`. */
  readonly resourceServerInfo: ResourceServerInfoResolver;
  /** An organization token (`aud` = `urn:logto:organization:<id>`). */
  readonly organizationResourceServer: (audience: string, scope: string) => ResourceServer;
}

function createResourceServers(setup: ProviderSetup, errors: OidcProviderModule['errors']): ResourceServers {
  const { permissions, accessTokenTtl } = setup;
  const signingKey = setup.keys[0]!;
  const shared = (): Pick<ResourceServer, 'accessTokenFormat' | 'jwt'> => ({
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: signingKey.alg, kid: signingKey.kid } },
  });
  return {
    async resourceServerInfo(ctx, indicator, client) {
      const resource = permissions.resource(indicator);
      if (resource === undefined) throw new errors.InvalidTarget();
      const organizationId = requestedOrganizationId(ctx);
      const scopes =
        organizationId === undefined
          ? permissions.apiScopes(client.clientId, indicator)
          : permissions.organizationApiScopes(client.clientId, organizationId, indicator);
      return {
        ...shared(),
        accessTokenTTL: resource.accessTokenTtl ?? accessTokenTtl,
        scope: scopes.join(' '),
      };
    },
    organizationResourceServer: (audience, scope) => ({
      ...shared(),
      accessTokenTTL: accessTokenTtl,
      audience,
      scope,
    }),
  };
}

/** The `organization_id` parameter of the token request, when one was sent. */
function requestedOrganizationId(ctx: KoaContextWithOIDC): string | undefined {
  const organizationId = ctx.oidc.params?.organization_id;
  return typeof organizationId === 'string' && organizationId !== '' ? organizationId : undefined;
}

/** Only what machine-to-machine tokens need; user-facing features are off. */
function features(
  permissions: WorldPermissions,
  resourceServerInfo: ResourceServerInfoResolver,
): Configuration['features'] {
  return {
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
  };
}

/** Logto's token shape beyond oidc-provider's defaults. */
function logtoTokenShape(setup: ProviderSetup): Pick<Configuration, 'extraTokenClaims' | 'formats'> {
  return {
    // Logto: `organization_id` only on tokens for an API resource requested with an organization.
    extraTokenClaims: (ctx, token) => {
      const organizationId = requestedOrganizationId(ctx);
      const isApiToken = typeof token.aud === 'string' && !isOrganizationAudience(token.aud);
      return organizationId !== undefined && isApiToken ? { organization_id: organizationId } : undefined;
    },
    formats: {
      customizers: {
        // oidc-provider writes `scope: scope || undefined`, so an empty scope never reaches the JWT.
        jwt: (_ctx, token, parts) => {
          const isOrganizationToken = typeof token.aud === 'string' && isOrganizationAudience(token.aud);
          if (setup.emptyOrganizationScopeClaim && isOrganizationToken && token.scope === '') {
            parts.payload.scope = '';
          }
        },
      },
    },
  };
}

function configuration(setup: ProviderSetup, resourceServers: ResourceServers): Configuration {
  const { accessTokenTtl } = setup;
  return {
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
    clientDefaults: { id_token_signed_response_alg: setup.keys[0]!.alg },
    features: features(setup.permissions, resourceServers.resourceServerInfo),
    ...logtoTokenShape(setup),
    ttl: {
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTtl,
    },
    renderError: (ctx, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
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
  const resourceServers = createResourceServers(setup, errors);
  const provider = new OidcProvider(setup.issuer, configuration(setup, resourceServers));
  // Behind a dev proxy (e.g. `baseUrl: https://auth.localhost`), discovery follows X-Forwarded-*.
  provider.proxy = true;

  const grant = createClientCredentialsGrant({ errors, permissions: setup.permissions, ...resourceServers });
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
