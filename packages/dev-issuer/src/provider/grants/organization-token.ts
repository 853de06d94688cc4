/**
 * The organization token of both grants (`client_credentials` and `refresh_token` with Logto's
 * `organization_id`): its audience, its scopes and the token endpoint's answer, in one place.
 *
 * @module
 */
import { organizationAudience } from 'logto-guard';
import type { Provider, ResourceServer } from 'oidc-provider';

/** What both grants' tokens (oidc-provider's `ClientCredentials` and `AccessToken`) have in common here. */
interface IssuedToken {
  resourceServer?: ResourceServer | undefined;
  scope?: string | undefined;
  readonly expiration: number;
  readonly tokenType: string;
}

/**
 * Makes `token` an organization token of `organizationId`: audience `urn:logto:organization:<id>`, and the
 * scopes of `available` that were requested. As Logto: `scope` is kept even when empty (`""`).
 */
export function bindOrganization(
  token: IssuedToken,
  provider: Provider,
  organizationResourceServer: (audience: string, scope: string) => ResourceServer,
  organizationId: string,
  available: readonly string[],
  requested: (scope: string) => boolean,
): void {
  const audience = organizationAudience(organizationId);
  token.resourceServer = new provider.ResourceServer(
    audience,
    organizationResourceServer(audience, available.join(' ')),
  );
  token.scope = available.filter(requested).join(' ');
}

/** The token endpoint's answer for a saved token `value`. */
export function tokenResponse(token: IssuedToken, value: string) {
  return {
    access_token: value,
    expires_in: token.expiration,
    token_type: token.tokenType,
    scope: token.scope,
  };
}
