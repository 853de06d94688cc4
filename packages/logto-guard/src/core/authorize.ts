/**
 * Applies a route policy to a verified caller.
 *
 * @module
 */
import type { AuthInfo } from './auth-info.js';
import { permissionError } from './errors.js';
import { expectedAudiences, type Policy } from './policies.js';
import { hasScopes } from './scopes.js';

/** What the adapter knows of the request, besides the token. */
export interface RequestContext<Req> {
  /** Route parameters, for organization ids taken from the path. */
  params?: Readonly<Record<string, unknown>> | undefined;
  /** The framework's request object, passed to the policy's functions. */
  request: Req;
}

/** The organization the request is about, per the policy's `organizationId` source. */
export function resolveOrganizationId<Req>(
  policy: Policy<Req>,
  context: RequestContext<Req>,
): string | undefined {
  const source = policy.organizationId;
  if (source === undefined) return undefined;
  const id: unknown = typeof source === 'function' ? source(context.request) : context.params?.[source];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Throws a 403 failure unless `auth` satisfies `policy` for this request. Checks, in order: audience
 * (exact match), organization, scopes (exact names, all or any), the policy's `checkClaims`.
 *
 * Does NOT verify the token: `auth` must come from the verifier.
 *
 * @throws {LogtoGuardError} `audience_mismatch`, `organization_mismatch`, `organization_id_not_allowed`,
 *   `insufficient_scope` or `claim_check_failed`, each carrying the route's scopes.
 */
export function authorize<Req>(
  auth: AuthInfo,
  policy: Policy<Req>,
  context: RequestContext<Req>,
  guardAudiences: readonly string[],
): void {
  const required = policy.scopes;
  const organizationId = resolveOrganizationId(policy, context);
  const audiences = expectedAudiences(policy as Policy<never>, guardAudiences, organizationId);
  if (!audiences.some((audience) => auth.audience.includes(audience))) {
    if (policy.model === 'organization') {
      throw permissionError(
        'organization_mismatch',
        'Token is not for the organization of this request',
        required,
      );
    }
    throw permissionError('audience_mismatch', 'Token audience is not this API', required);
  }
  if (policy.model === 'global-api' && auth.organizationId !== null && !policy.allowOrganizationId) {
    throw permissionError(
      'organization_id_not_allowed',
      'Organization-level token used on a global API',
      required,
    );
  }
  if (
    policy.model === 'organization-api' &&
    (organizationId === undefined || auth.organizationId !== organizationId)
  ) {
    throw permissionError(
      'organization_mismatch',
      'Token is not for the organization of this request',
      required,
    );
  }
  if (!hasScopes(auth.scopeSet, required, policy.match)) {
    throw permissionError('insufficient_scope', 'Token lacks the scopes this route needs', required);
  }
  if (policy.checkClaims !== undefined && !policy.checkClaims(auth.claims, context.request)) {
    throw permissionError('claim_check_failed', 'Token failed the route claim check', required);
  }
}
