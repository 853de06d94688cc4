/**
 * Applies a route policy to a verified caller: the model's own audience and organization rules, then the
 * rules every model shares (scopes, the policy's `checkClaims`).
 *
 * @module
 */
import type { AuthInfo } from './auth-info.js';
import { PermissionError } from './errors.js';
import { checkGlobalApi } from './models/global-api.js';
import { checkOrganization } from './models/organization.js';
import { checkOrganizationApi } from './models/organization-api.js';
import type { Policy, RequestContext } from './policy.js';
import { hasScopes } from './scopes.js';

function checkModel<Req>(
  auth: AuthInfo,
  policy: Policy<Req>,
  context: RequestContext<Req>,
  guardAudiences: readonly string[],
): void {
  switch (policy.model) {
    case 'global-api':
      checkGlobalApi(auth, policy, guardAudiences);
      return;
    case 'organization':
      checkOrganization(auth, policy, context);
      return;
    case 'organization-api':
      checkOrganizationApi(auth, policy, context, guardAudiences);
      return;
    default: {
      const unknown: never = policy;
      throw new TypeError(`Unknown permission model ${String((unknown as { model?: unknown }).model)}`);
    }
  }
}

/**
 * The synchronous part of {@link authorize}: the model's audience and organization rules, then scopes.
 * Returns the policy's `checkClaims` still to be awaited (undefined when the policy has none), so a
 * caller on the hot path awaits nothing for the common policies.
 *
 * @throws {PermissionError} as {@link authorize}, except `claim_check_failed`.
 */
export function authorizeNow<Req>(
  auth: AuthInfo,
  policy: Policy<Req>,
  context: RequestContext<Req>,
  guardAudiences: readonly string[],
): Promise<void> | undefined {
  checkModel(auth, policy, context, guardAudiences);
  if (!hasScopes(auth.scopeSet, policy.scopes, policy.match)) {
    throw new PermissionError('insufficient_scope', 'Token lacks the scopes this route needs', policy.scopes);
  }
  return policy.checkClaims === undefined ? undefined : checkClaimsOf(auth, policy, context);
}

async function checkClaimsOf<Req>(auth: AuthInfo, policy: Policy<Req>, context: RequestContext<Req>) {
  // `=== true`, not truthiness: a forgotten `await` inside, a string or a number never lets anyone in.
  if ((await policy.checkClaims?.(auth.claims, context.request)) !== true) {
    throw new PermissionError('claim_check_failed', 'Token failed the route claim check', policy.scopes);
  }
}

/**
 * Rejects with a 403 failure unless `auth` satisfies `policy` for this request. Checks, in order: the
 * model's audience (exact match) and organization rules, scopes (exact names, all or any), the policy's
 * `checkClaims`, awaited: only `true` passes, and what it throws is rethrown (the server's failure).
 *
 * Does NOT verify the token: `auth` must come from the verifier.
 *
 * @throws {PermissionError} `audience_mismatch`, `organization_mismatch`, `organization_id_not_allowed`,
 *   `insufficient_scope` or `claim_check_failed`, each carrying the route's scopes.
 */
export async function authorize<Req>(
  auth: AuthInfo,
  policy: Policy<Req>,
  context: RequestContext<Req>,
  guardAudiences: readonly string[],
): Promise<void> {
  await authorizeNow(auth, policy, context, guardAudiences);
}
