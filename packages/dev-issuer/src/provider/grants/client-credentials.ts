import { ORGANIZATION_AUDIENCE_PREFIX } from 'logto-guard';
import type { Client, KoaContextWithOIDC, ResourceServer, TokenEndpointGrantContext } from 'oidc-provider';

import type { WorldPermissions } from '../../world/permissions.js';
import type { OidcProviderModule } from '../oidc-provider.js';
import { bindOrganization, tokenResponse } from './organization-token.js';

/** The extra token request parameter of Logto's client_credentials grant. */
interface OrganizationParams {
  organization_id?: string;
}

/**
 * Resolves a resource indicator to oidc-provider's resource server info (throws `invalid_target`).
 *
 * @example
 * ```ts
 * const info = await resolver(ctx, 'https://api.example.com', ctx.oidc.client);
 * info.scope; // 'api:read read:products'
 * ```
 */
export type ResourceServerInfoResolver = (
  ctx: KoaContextWithOIDC,
  indicator: string,
  client: Client,
) => Promise<ResourceServer>;

/**
 * What the grant needs from the issuer (internal to the package).
 *
 * @example
 * ```ts
 * const grant = createClientCredentialsGrant({ errors, permissions, resourceServerInfo, organizationResourceServer });
 * ```
 */
export interface ClientCredentialsGrantSetup {
  readonly errors: OidcProviderModule['errors'];
  readonly permissions: WorldPermissions;
  readonly resourceServerInfo: ResourceServerInfoResolver;
  /** Shared fields of every resource server: format, signing key, lifetime. */
  readonly organizationResourceServer: (audience: string, scope: string) => ResourceServer;
}

/**
 * Parameters the grant accepts (Logto's list plus `resource`).
 *
 * @example
 * ```ts
 * provider.registerGrantType('client_credentials', grant, CLIENT_CREDENTIALS_PARAMETERS, CLIENT_CREDENTIALS_DUPLICATES);
 * ```
 */
export const CLIENT_CREDENTIALS_PARAMETERS = ['scope', 'organization_id', 'resource'] as const;

/**
 * Parameters that may repeat: `resource` (then rejected with `invalid_target` by the grant, as Logto does).
 *
 * @example
 * ```ts
 * provider.registerGrantType('client_credentials', grant, CLIENT_CREDENTIALS_PARAMETERS, CLIENT_CREDENTIALS_DUPLICATES);
 * ```
 */
export const CLIENT_CREDENTIALS_DUPLICATES = ['resource'] as const;

/**
 * Whether an audience is an organization token's.
 *
 * @example
 * ```ts
 * isOrganizationAudience('urn:logto:organization:org-acme'); // true
 * ```
 */
export const isOrganizationAudience = (audience: string): boolean =>
  audience.startsWith(ORGANIZATION_AUDIENCE_PREFIX);

/**
 * Builds the `client_credentials` grant handler registered with `provider.registerGrantType()`,
 * following Logto's own override of oidc-provider's grant (packages/core/src/oidc/grants/
 * client-credentials.ts): client authentication, parameter checks and token formatting stay
 * oidc-provider's; this adds `organization_id` (internal to the package).
 *
 * - `resource` → token for that API; scopes = requested ∩ the app's global roles' permissions.
 * - `organization_id` → organization token (`aud` = `urn:logto:organization:<id>`); scopes =
 *   requested ∩ the app's organization roles' organization permissions (may be `""`).
 * - both → organization-level API token; scopes = requested ∩ the API permissions of the app's
 *   organization roles there; the `organization_id` claim is added by `extraTokenClaims`.
 * - neither → the default API resource if the world marks one, else `invalid_target`.
 * - not a member of the organization → 403 `access_denied`.
 *
 * @example
 * ```ts
 * provider.registerGrantType('client_credentials', createClientCredentialsGrant(setup),
 *   CLIENT_CREDENTIALS_PARAMETERS, CLIENT_CREDENTIALS_DUPLICATES);
 * ```
 */
export function createClientCredentialsGrant(setup: ClientCredentialsGrantSetup) {
  const { errors, permissions } = setup;

  return async function clientCredentialsGrant(ctx: TokenEndpointGrantContext<OrganizationParams>) {
    const { client, params, provider } = ctx.oidc;
    // An empty `organization_id` counts as absent.
    const organizationId = params.organization_id || undefined;

    if (organizationId !== undefined && !permissions.isMember(client.clientId, organizationId)) {
      // Logto's exact message and status (oidc-provider's AccessDenied is a 400 by default).
      const error = new errors.AccessDenied('app has not associated with the organization');
      error.statusCode = 403;
      error.status = 403;
      throw error;
    }

    let resources = params.resource === undefined ? [] : [params.resource].flat();
    if (params.resource === undefined && organizationId === undefined) {
      const fallback = permissions.defaultResource();
      if (fallback !== undefined) resources = [fallback];
    }
    if (resources.length > 1) {
      throw new errors.InvalidTarget(
        'only a single resource indicator value is supported for this grant type',
      );
    }
    const indicator = resources[0];
    if (indicator === undefined && organizationId === undefined) {
      throw new errors.InvalidTarget('both `resource` and `organization_id` are not provided');
    }

    // oidc-provider has already refused a scope parameter with an empty name (two spaces in a row).
    const requested = new Set(params.scope?.split(' '));
    // Its scope is set below, by the resource or the organization the token is for.
    const token = new provider.ClientCredentials({ client });

    if (indicator !== undefined) {
      if (!URL.canParse(indicator))
        throw new errors.InvalidTarget('resource indicator must be an absolute URI');
      if (indicator.includes('#')) {
        throw new errors.InvalidTarget('resource indicator must not contain a fragment component');
      }
      const info = await setup.resourceServerInfo(ctx, indicator, client);
      const resourceServer = new provider.ResourceServer(indicator, info);
      token.resourceServer = resourceServer;
      // As oidc-provider and Logto: no granted scope → no `scope` claim at all.
      token.scope = [...requested].filter((scope) => resourceServer.scopes.has(scope)).join(' ') || undefined;
    } else {
      // No resource: the request named an organization (checked above).
      const organization = organizationId as string;
      const available = permissions.organizationScopes(client.clientId, organization);
      bindOrganization(token, provider, setup.organizationResourceServer, organization, available, (scope) =>
        requested.has(scope),
      );
    }

    ctx.oidc.entity('ClientCredentials', token);
    ctx.body = tokenResponse(token, await token.save());
  };
}
