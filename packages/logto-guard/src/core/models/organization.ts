/**
 * Logto's organization permissions model (non-API): its policy, its options and its audience and
 * organization rules.
 *
 * @module
 */
import type { AuthInfo } from '../auth-info.js';
import {
  type OrganizationSource,
  organizationSource,
  type PolicyBase,
  type PolicyOptions,
  policyBase,
  type RequestContext,
  requireSameOrganization,
  resolveOrganizationId,
} from '../policy.js';
import { organizationAudience } from '../token-format.js';

/** Options of {@link organizationPermissions}. */
export interface OrganizationOptions<Req = unknown> extends PolicyOptions<Req> {
  /** Route parameter holding the organization id, or a function of the request. Default `organizationId`. */
  organizationId?: OrganizationSource<Req>;
}

/** A policy of the organization permissions model; see {@link organizationPermissions}. */
export interface OrganizationPolicy<Req = unknown> extends PolicyBase<Req> {
  readonly model: 'organization';
  readonly organizationId: OrganizationSource<Req>;
}

/**
 * Organization permissions (non-API): `aud` must be exactly `urn:logto:organization:<id>`, where `<id>` is
 * the request's organization (route parameter `organizationId` by default), and the token must grant the
 * route's organization permissions. Does NOT accept a prefix or a token for another organization, and does
 * NOT look at the guard's `audience`.
 *
 * @example
 * ```ts
 * app.get('/orgs/:organizationId/members',
 *   requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })), listMembers)
 * ```
 */
export function organizationPermissions<Req = unknown>(
  options: OrganizationOptions<Req> = {},
): OrganizationPolicy<Req> {
  const base = policyBase(options);
  return Object.freeze({
    model: 'organization',
    ...base,
    organizationId: organizationSource(options.organizationId),
  });
}

/**
 * The organization rule: `aud` holds the organization audience of the request's organization.
 *
 * @throws {PermissionError} `organization_mismatch`, also when the request names no organization.
 */
export function checkOrganization<Req>(
  auth: AuthInfo,
  policy: OrganizationPolicy<Req>,
  context: RequestContext<Req>,
): void {
  const organizationId = resolveOrganizationId(policy.organizationId, context);
  requireSameOrganization(
    organizationId !== undefined && auth.audience.includes(organizationAudience(organizationId)),
    policy.scopes,
  );
}
