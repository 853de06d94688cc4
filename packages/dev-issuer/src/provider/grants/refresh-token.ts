/**
 * The `refresh_token` grant with Logto's organization tokens (Logto RFC 0001): oidc-provider's
 * own grant, plus `organization_id`.
 *
 * @module
 */

import type { KoaContextWithOIDC, Provider, ResourceServer } from 'oidc-provider';
import type { WorldPermissions } from '../../world/permissions.js';
import { ORGANIZATIONS_SCOPE } from '../accounts.js';
import type { OidcProviderModule } from '../oidc-provider.js';
import { bindOrganization, tokenResponse } from './organization-token.js';

/**
 * Parameters of the grant: oidc-provider's, `resource` and Logto's `organization_id`.
 *
 * @example
 * ```ts
 * provider.registerGrantType('refresh_token', grant, REFRESH_TOKEN_PARAMETERS, ['resource']);
 * ```
 */
export const REFRESH_TOKEN_PARAMETERS = ['refresh_token', 'scope', 'resource', 'organization_id'] as const;

/**
 * What the grant needs from the issuer (internal to the package).
 *
 * @example
 * ```ts
 * const grant = await createRefreshTokenGrant({ provider, errors, permissions, organizationResourceServer });
 * ```
 */
export interface RefreshTokenGrantSetup {
  readonly provider: Provider;
  readonly errors: OidcProviderModule['errors'];
  readonly permissions: WorldPermissions;
  /** Shared fields of every resource server: format, signing key, lifetime. */
  readonly organizationResourceServer: (audience: string, scope: string) => ResourceServer;
}

type RefreshToken = InstanceType<Provider['RefreshToken']>;

/** oidc-provider's own handler, bound to this provider as oidc-provider binds it. */
async function loadBuiltInGrant(provider: Provider): Promise<(ctx: KoaContextWithOIDC) => Promise<void>> {
  const [{ handler }, helpers] = await Promise.all([
    import('oidc-provider/lib/actions/grants/refresh_token.js'),
    import('oidc-provider/lib/helpers/grants.js'),
  ]);
  const bound = Object.fromEntries(
    Object.entries(helpers).map(([name, helper]) => [
      name,
      (helper as (...args: unknown[]) => unknown).bind(undefined, provider),
    ]),
  );
  return (ctx) => handler(provider, bound, ctx);
}

/**
 * Builds the `refresh_token` grant, following Logto's override (packages/core/src/oidc/grants/
 * refresh-token.ts):
 *
 * - without `organization_id`: oidc-provider's grant, untouched (`resource` → a JWT for that API
 *   with requested ∩ granted ∩ the user's permissions; no `resource` with `openid` → opaque token);
 * - with `organization_id`: the refresh token must carry `urn:logto:scope:organizations`
 *   (else 403 `insufficient_scope`, oidc-provider's status for it) and the user must be a member (else 403 `access_denied`
 *   "user is not a member of the organization"); then with `resource` an organization-level API
 *   token (oidc-provider's grant; `organization_id` claim added), without `resource` an
 *   organization token: `aud` = `urn:logto:organization:<id>`, scopes = the user's organization
 *   permissions there ∩ the requested scopes (or the refresh token's).
 *
 * Does NOT rotate the refresh token on organization token requests (oidc-provider's grant rotates
 * it for public clients on the others); the response returns the refresh token that was sent.
 *
 * @example
 * ```ts
 * provider.registerGrantType('refresh_token', await createRefreshTokenGrant(setup), REFRESH_TOKEN_PARAMETERS, ['resource']);
 * ```
 */
export async function createRefreshTokenGrant(setup: RefreshTokenGrantSetup) {
  const { provider, errors, permissions } = setup;
  const builtIn = await loadBuiltInGrant(provider);

  /** The refresh token of the request when it is usable; otherwise the built-in grant reports why. */
  async function usableRefreshToken(ctx: KoaContextWithOIDC): Promise<RefreshToken | undefined> {
    // `find` answers undefined for a missing, unknown or expired token.
    const token = await provider.RefreshToken.find(ctx.oidc.params!.refresh_token as string);
    if (token === undefined || token.clientId !== ctx.oidc.client!.clientId || token.consumed)
      return undefined;
    return token;
  }

  async function organizationToken(
    ctx: KoaContextWithOIDC,
    refreshToken: RefreshToken,
    organizationId: string,
  ) {
    const { client, params } = ctx.oidc;
    // The refresh token is the client's (see usableRefreshToken) and names its grant: the grant's client and
    // account are the token's. A revoked grant takes its refresh tokens with it, so this is defence in depth.
    const grant = await provider.Grant.find(String(refreshToken.grantId));
    if (grant === undefined) throw new errors.InvalidGrant('grant not found');
    const requested = params!.scope ? ctx.oidc.requestParamScopes : refreshToken.scopes;
    // Without a `scope` parameter, `requested` is the refresh token's own scopes: nothing is missing.
    const missing = [...requested].filter((scope) => !refreshToken.scopes.has(scope));
    if (missing.length > 0) {
      throw new errors.InvalidScope('refresh token missing requested scope', missing.join(' '));
    }
    const accountId = String(refreshToken.accountId);
    const available = permissions.organizationScopes(accountId, organizationId);
    const token = new provider.AccessToken({
      accountId,
      client: client!,
      expiresWithSession: refreshToken.expiresWithSession,
      grantId: String(refreshToken.grantId),
      gty: refreshToken.gty?.endsWith('refresh_token')
        ? refreshToken.gty
        : `${refreshToken.gty} refresh_token`,
      sessionUid: refreshToken.sessionUid,
      sid: refreshToken.sid,
    });
    bindOrganization(token, provider, setup.organizationResourceServer, organizationId, available, (scope) =>
      requested.has(scope),
    );
    ctx.oidc.entity('AccessToken', token);
    ctx.body = { ...tokenResponse(token, await token.save()), refresh_token: params!.refresh_token };
  }

  return async function refreshTokenGrant(ctx: KoaContextWithOIDC): Promise<void> {
    // An empty `organization_id` counts as absent.
    const organizationId = (ctx.oidc.params!.organization_id as string | undefined) || undefined;
    if (organizationId === undefined) return builtIn(ctx);
    const refreshToken = await usableRefreshToken(ctx);
    if (refreshToken === undefined) return builtIn(ctx);
    if (!refreshToken.scopes.has(ORGANIZATIONS_SCOPE)) {
      throw new errors.InsufficientScope('refresh token missing required scope', ORGANIZATIONS_SCOPE);
    }
    if (!permissions.isMember(String(refreshToken.accountId), organizationId)) {
      // Logto's message and status (oidc-provider's AccessDenied is a 400 by default).
      const error = new errors.AccessDenied('user is not a member of the organization');
      error.statusCode = 403;
      error.status = 403;
      throw error;
    }
    if (ctx.oidc.params!.resource !== undefined) return builtIn(ctx);
    return organizationToken(ctx, refreshToken, organizationId);
  };
}
