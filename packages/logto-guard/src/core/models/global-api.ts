/**
 * Logto's global API resource model: its policy, its options and its audience and organization rules.
 *
 * @module
 */
import type { AuthInfo } from '../auth-info.js';
import { PermissionError } from '../errors.js';
import { optionalBoolean, stringList } from '../option-checks.js';
import { type PolicyBase, type PolicyOptions, policyBase, requireApiAudience } from '../policy.js';

/** Options of {@link globalApi}. */
export interface GlobalApiOptions<Req = unknown> extends PolicyOptions<Req> {
  /** Resource indicator(s) accepted for this route. Default: the guard's `audience`. */
  audience?: string | readonly string[];
  /** Accept tokens carrying `organization_id` (organization-level API tokens). Default false. */
  allowOrganizationId?: boolean;
}

/** A policy of the global API resource model; see {@link globalApi}. */
export interface GlobalApiPolicy<Req = unknown> extends PolicyBase<Req> {
  readonly model: 'global-api';
  /** Resource indicators accepted; undefined means the guard's `audience`. */
  readonly audience: readonly string[] | undefined;
  readonly allowOrganizationId: boolean;
}

/**
 * Global API resource: `aud` must contain one of the guard's resource indicators, the token must NOT
 * carry `organization_id` (unless `allowOrganizationId`), and it must grant the route's scopes.
 *
 * Why `organization_id` is refused: a token for an API requested with an organization is an
 * organization-level token; its scopes hold for that organization only. Does NOT look at any organization
 * of the request.
 *
 * @example
 * ```ts
 * app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), listProducts)
 * ```
 */
export function globalApi<Req = unknown>(options: GlobalApiOptions<Req> = {}): GlobalApiPolicy<Req> {
  const base = policyBase(options);
  return Object.freeze({
    model: 'global-api',
    ...base,
    audience: options.audience === undefined ? undefined : stringList('audience', options.audience),
    allowOrganizationId: optionalBoolean('allowOrganizationId', options.allowOrganizationId, false),
  });
}

/**
 * The global API rules: an accepted audience, and no `organization_id` unless the policy allows it.
 *
 * @throws {PermissionError} `audience_mismatch` or `organization_id_not_allowed`.
 */
export function checkGlobalApi(
  auth: AuthInfo,
  policy: GlobalApiPolicy<never>,
  guardAudiences: readonly string[],
): void {
  requireApiAudience(auth, policy.audience ?? guardAudiences, policy.scopes);
  if (auth.organizationId !== null && !policy.allowOrganizationId) {
    throw new PermissionError(
      'organization_id_not_allowed',
      'Organization-level token used on a global API',
      policy.scopes,
    );
  }
}
