/**
 * The organization token of both grants (`client_credentials` and `refresh_token` with
 * `organization_id`): its audience, its scopes and the token response, in one place.
 *
 * @module
 */
import { organizationAudience } from 'logto-guard';
import type { Provider, ResourceServer } from 'oidc-provider';

/** What both grants' tokens (`ClientCredentials`, `AccessToken`) have that this file sets or reads. */
export interface OrganizationBoundToken {
  resourceServer?: InstanceType<Provider['ResourceServer']> | undefined;
  scope?: string | undefined;
  readonly expiration: number;
  readonly tokenType: string;
}

/**
 * Binds `token` to the organization: audience `urn:logto:organization:<id>`, and the scopes of
 * `available` that `wanted` keeps. As Logto, an organization token keeps `scope` even when it is empty
 * (`""` in the response).
 *
 * @example
 * ```ts
 * bindOrganization(token, provider, setup.organizationResourceServer, 'org-acme', available, (s) => requested.includes(s));
 * ```
 */
export function bindOrganization(
  token: OrganizationBoundToken,
  provider: Pick<Provider, 'ResourceServer'>,
  organizationResourceServer: (audience: string, scope: string) => ResourceServer,
  organizationId: string,
  available: readonly string[],
  wanted: (scope: string) => boolean,
): void {
  const audience = organizationAudience(organizationId);
  const resourceServer = new provider.ResourceServer(
    audience,
    organizationResourceServer(audience, available.join(' ')),
  );
  token.resourceServer = resourceServer;
  token.scope = [...resourceServer.scopes].filter(wanted).join(' ');
}

/**
 * The token endpoint's answer for `token`, saved as `value`.
 *
 * @example
 * ```ts
 * ctx.body = tokenResponse(token, await token.save());
 * ```
 */
export function tokenResponse(token: OrganizationBoundToken, value: string | undefined) {
  return {
    access_token: value,
    expires_in: token.expiration,
    token_type: token.tokenType,
    scope: token.scope,
  };
}
