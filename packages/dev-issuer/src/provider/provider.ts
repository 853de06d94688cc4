/**
 * `createProvider`: one oidc-provider instance configured like Logto for machine-to-machine and
 * user tokens. The configuration is assembled from small parts: the clients (`clients.ts`), the
 * accounts and their claims (`accounts.ts`), the sign-in interaction (`interactions.ts`), the
 * resource servers (audience, scopes, lifetime and signing key of each token), the features (what
 * is on and off), Logto's token shape (`organization_id` claim, empty organization `scope`, ID
 * tokens with `typ: JWT`) and the JWKS cache header. A new grant goes in `grants/` and is
 * registered in {@link createProvider}; a new world concept reaches the provider through
 * {@link ProviderSetup}.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

import type {
  AdapterPayload,
  Configuration,
  KoaContextWithOIDC,
  Provider,
  ResourceServer,
} from 'oidc-provider';

import type { World } from '../world/config.js';
import type { WorldPermissions } from '../world/permissions.js';
import { createFindAccount, ORGANIZATIONS_RESOURCE, SCOPE_CLAIMS, USER_SCOPES } from './accounts.js';
import { MemoryAdapter } from './adapter.js';
import { clientBasedCORS, worldClients } from './clients.js';
import {
  CLIENT_CREDENTIALS_DUPLICATES,
  CLIENT_CREDENTIALS_PARAMETERS,
  createClientCredentialsGrant,
  isOrganizationAudience,
  type ResourceServerInfoResolver,
} from './grants/client-credentials.js';
import { createRefreshTokenGrant, REFRESH_TOKEN_PARAMETERS } from './grants/refresh-token.js';
import { addIdTokenTyp } from './id-token.js';
import { createInteractions, interactionUrl } from './interactions.js';
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

/** Logto's lifetimes of user sessions and tokens, in seconds (ID token 1 h, refresh token 14 days); a sign-in may take 1 h. */
const USER_TTL = {
  IdToken: 3600,
  RefreshToken: 14 * 24 * 3600,
  Grant: 14 * 24 * 3600,
  Session: 14 * 24 * 3600,
  Interaction: 3600,
};

/**
 * Random cookie keys for a new issuer (they sign the sign-in session cookies).
 *
 * @example
 * ```ts
 * const cookieKeys = createCookieKeys();
 * ```
 */
export const createCookieKeys = (): string[] => [randomBytes(32).toString('base64url')];

/** How each token is issued: JWT signed by the current key, scopes and lifetime from the world. */
interface ResourceServers {
  /**
   * An API resource: scopes from the app's (or user's) global roles, or its organization roles with
   * `organization_id`; also Logto's reserved organizations resource asked for at sign-in.
   */
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
      const userId = permissions.application(client.clientId) ? undefined : signedInUser(ctx);
      if (indicator === ORGANIZATIONS_RESOURCE && permissions.userApplication(client.clientId)) {
        const scopes =
          userId === undefined
            ? setup.world.organizationPermissions
            : permissions.userOrganizationScopesAnywhere(userId);
        return { ...shared(), accessTokenTTL: accessTokenTtl, scope: scopes.join(' ') };
      }
      const resource = permissions.resource(indicator);
      if (resource === undefined) throw new errors.InvalidTarget();
      const organizationId = requestedOrganizationId(ctx);
      const scopes = permissions.application(client.clientId)
        ? organizationId === undefined
          ? permissions.apiScopes(client.clientId, indicator)
          : permissions.organizationApiScopes(client.clientId, organizationId, indicator)
        : userId === undefined
          ? // Before sign-in (or before the token grant has loaded the user): every permission, as an
            // upper bound; what the user gets is filtered when consent is granted and when tokens are issued.
            resource.permissions
          : organizationId === undefined
            ? permissions.userApiScopes(userId, indicator)
            : permissions.organizationApiScopes(userId, organizationId, indicator);
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

/** The user a request is about: the token grant's account, or the signed-in session's. */
function signedInUser(ctx: KoaContextWithOIDC): string | undefined {
  const entities = ctx.oidc.entities as { Account?: { accountId: string }; Session?: { accountId?: string } };
  return entities.Account?.accountId ?? entities.Session?.accountId;
}

/** The `organization_id` parameter of the token request, when one was sent. */
function requestedOrganizationId(ctx: KoaContextWithOIDC): string | undefined {
  // An empty `organization_id` counts as absent.
  return (ctx.oidc.params?.organization_id as string | undefined) || undefined;
}

/** Logto's features: client credentials, sign-in with resource indicators, userinfo, revocation, logout. */
function features(
  permissions: WorldPermissions,
  resourceServerInfo: ResourceServerInfoResolver,
): Configuration['features'] {
  // Left at oidc-provider's defaults: introspection off, userinfo on; client_credentials is registered by
  // createProvider itself.
  return {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource },
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
          // Only an organization token is saved with an empty scope (an API token's is then undefined).
          if (setup.emptyOrganizationScopeClaim && token.scope === '') {
            parts.payload.scope = '';
          }
        },
      },
    },
  };
}

/** Signs out without asking (as Logto does): the confirmation form submits itself. */
const logoutSource: NonNullable<
  NonNullable<NonNullable<Configuration['features']>['rpInitiatedLogout']>['logoutSource']
> = (ctx, form) => {
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html><html><head><title>Signing out</title></head><body>${form}<input type="hidden" form="op.logoutForm" name="logout" value="yes"><p>Signing out…</p><script>document.getElementById('op.logoutForm').submit()</script></body></html>`;
};

function configuration(setup: ProviderSetup, resourceServers: ResourceServers): Configuration {
  const { accessTokenTtl } = setup;
  return {
    adapter: (name: string) => new MemoryAdapter(name, setup.stores),
    clients: worldClients(setup.world),
    clientBasedCORS,
    findAccount: createFindAccount(setup.permissions),
    scopes: [...USER_SCOPES],
    claims: SCOPE_CLAIMS,
    // Logto puts the profile claims in the ID token even when an access token is issued too.
    conformIdTokenClaims: false,
    interactions: { url: interactionUrl(setup.issuer) },
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
      ...USER_TTL,
    },
    renderError: (ctx, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };
}

/**
 * Builds an oidc-provider instance configured like Logto: JWT access tokens (`typ: at+jwt`) signed
 * by the current key, resource indicators resolved from the world, Logto's client_credentials
 * grant with `organization_id`, sign-in through a username/password page (authorization code +
 * PKCE, consent skipped), Logto's refresh_token grant with `organization_id`, the
 * `organization_id` claim on organization-level API tokens, ID tokens with `typ: JWT`, the JWKS
 * served with `Cache-Control: no-cache, max-age=0`. PAR, DPoP and introspection are off.
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

  const refreshTokenGrant = await createRefreshTokenGrant({
    provider,
    errors,
    permissions: setup.permissions,
    organizationResourceServer: resourceServers.organizationResourceServer,
  });
  provider.registerGrantType('refresh_token', refreshTokenGrant, REFRESH_TOKEN_PARAMETERS, ['resource']);
  addIdTokenTyp(provider, setup.keys);
  provider.use(createInteractions(provider, setup.world, setup.permissions, setup.issuer));

  // Logto's koa-jwks-cache-control: verifiers must keep their own cache floor.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/jwks' && ctx.status === 200) ctx.set('Cache-Control', 'no-cache, max-age=0');
  });

  return provider;
}
