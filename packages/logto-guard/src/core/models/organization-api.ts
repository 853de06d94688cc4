/**
 * Logto's organization-level API resource model: its policy, its options and its audience and
 * organization rules.
 *
 * @module
 */
import type { AuthInfo } from '../auth-info.js';
import { stringList } from '../option-checks.js';
import {
  type OrganizationSource,
  organizationSource,
  type PolicyBase,
  policyBase,
  type RequestContext,
  requireApiAudience,
  requireSameOrganization,
  resolveOrganizationId,
} from '../policy.js';
import type { OrganizationOptions } from './organization.js';

/** Options of {@link organizationApi}. */
export interface OrganizationApiOptions<Req = unknown> extends OrganizationOptions<Req> {
  /** Resource indicator(s) accepted for this route. Default: the guard's `audience`. */
  audience?: string | readonly string[];
}

/** A policy of the organization-level API resource model; see {@link organizationApi}. */
export interface OrganizationApiPolicy<Req = unknown> extends PolicyBase<Req> {
  readonly model: 'organization-api';
  /** Resource indicators accepted; undefined means the guard's `audience`. */
  readonly audience: readonly string[] | undefined;
  readonly organizationId: OrganizationSource<Req>;
}

/**
 * Organization-level API resource: `aud` must contain one of the guard's resource indicators AND the
 * `organization_id` claim must equal the request's organization; the token must grant the route's scopes.
 * Does NOT accept a token without `organization_id`, even one whose scopes would suffice.
 *
 * @example
 * ```ts
 * app.get('/orgs/:organizationId/projects',
 *   requireAuth(guard, organizationApi({ scopes: ['read:projects'] })), listProjects)
 * ```
 */
export function organizationApi<Req = unknown>(
  options: OrganizationApiOptions<Req> = {},
): OrganizationApiPolicy<Req> {
  const base = policyBase(options);
  return Object.freeze({
    model: 'organization-api',
    ...base,
    audience: options.audience === undefined ? undefined : stringList('audience', options.audience),
    organizationId: organizationSource(options.organizationId),
  });
}

/**
 * The organization-level API rules: an accepted audience, and `organization_id` equal to the request's
 * organization.
 *
 * @throws {PermissionError} `audience_mismatch` or `organization_mismatch`.
 */
export function checkOrganizationApi<Req>(
  auth: AuthInfo,
  policy: OrganizationApiPolicy<Req>,
  context: RequestContext<Req>,
  guardAudiences: readonly string[],
): void {
  requireApiAudience(auth, policy.audience ?? guardAudiences, policy.scopes);
  const organizationId = resolveOrganizationId(policy.organizationId, context);
  requireSameOrganization(
    organizationId !== undefined && auth.organizationId === organizationId,
    policy.scopes,
  );
}
