/**
 * Users as oidc-provider accounts: `findAccount` and the claims of Logto's user scopes.
 *
 * @module
 */
import type { Configuration } from 'oidc-provider';

import type { WorldPermissions } from '../world/permissions.js';

/**
 * Logto's user scopes (`UserScope` of `@logto/js`) that the dev issuer knows, besides `openid` and
 * `offline_access`. `urn:logto:scope:organizations` is what a refresh token needs to get
 * organization tokens.
 *
 * @example
 * ```ts
 * new Provider(issuer, { scopes: [...USER_SCOPES] });
 * ```
 */
export const USER_SCOPES = [
  'openid',
  'offline_access',
  'profile',
  'email',
  'roles',
  'urn:logto:scope:organizations',
  'urn:logto:scope:organization_roles',
] as const;

/**
 * The scope a refresh token needs for organization tokens (Logto's `UserScope.Organizations`).
 *
 * @example
 * ```ts
 * refreshToken.scopes.has(ORGANIZATIONS_SCOPE);
 * ```
 */
export const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';

/**
 * The resource Logto's SDKs add at sign-in with `UserScope.Organizations`: organization
 * permissions are granted under it (Logto's `ReservedResource.Organization`).
 *
 * @example
 * ```ts
 * indicator === ORGANIZATIONS_RESOURCE; // the organization template, not an API
 * ```
 */
export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';

/** The ID token and userinfo claims of each scope (Logto's `idTokenClaims` / `userClaims`). */
export const SCOPE_CLAIMS: NonNullable<Configuration['claims']> = {
  openid: ['sub'],
  profile: ['name', 'username', 'picture'],
  email: ['email', 'email_verified'],
  roles: ['roles'],
  'urn:logto:scope:organizations': ['organizations'],
  'urn:logto:scope:organization_roles': ['organization_roles'],
};

/**
 * oidc-provider's `findAccount`: a world user with Logto's claims (`organization_roles` as
 * `<organization id>:<role>`).
 *
 * @example
 * ```ts
 * new Provider(issuer, { findAccount: createFindAccount(permissions) });
 * ```
 */
export function createFindAccount(permissions: WorldPermissions): NonNullable<Configuration['findAccount']> {
  return (_ctx, id) => {
    const user = permissions.user(id);
    if (user === undefined) return undefined;
    return {
      accountId: user.id,
      claims: () => ({
        sub: user.id,
        name: user.name,
        username: user.username,
        picture: null,
        ...(user.email === undefined ? {} : { email: user.email, email_verified: true }),
        roles: [...user.roles],
        organizations: user.organizations.map((membership) => membership.id),
        organization_roles: user.organizations.flatMap((membership) =>
          membership.roles.map((role) => `${membership.id}:${role}`),
        ),
      }),
    };
  };
}
