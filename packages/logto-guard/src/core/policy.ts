/**
 * What every route policy has, whatever its permission model: the options shared by the three models,
 * their checks, the organization source of a request, and the {@link Policy} union itself.
 *
 * @module
 */
import type { AuthInfo } from './auth-info.js';
import type { LogtoAccessTokenClaims } from './claims.js';
import { PermissionError } from './errors.js';
import type { GlobalApiPolicy } from './models/global-api.js';
import type { OrganizationPolicy } from './models/organization.js';
import type { OrganizationApiPolicy } from './models/organization-api.js';
import { checkObject, fail, optionalBoolean, scopeNames } from './option-checks.js';
import type { ScopeMatch } from './scopes.js';

/** An extra check over the verified claims and the request; `false` answers 403 `claim_check_failed`. */
export type ClaimsCheck<Req> = (claims: Readonly<LogtoAccessTokenClaims>, request: Req) => boolean;

/** Where the request's organization id comes from: a route parameter name, or a function of the request. */
export type OrganizationSource<Req> = string | ((request: Req) => string | undefined);

/** What the adapter knows of the request, besides the token. */
export interface RequestContext<Req> {
  /** Route parameters, for organization ids taken from the path. */
  params?: Readonly<Record<string, unknown>> | undefined;
  /** The framework's request object, passed to the policy's functions. */
  request: Req;
}

/** Options shared by the three models. */
export interface PolicyOptions<Req = unknown> {
  /** Permissions the route needs. Default none (any valid token for the audience passes). */
  scopes?: readonly string[];
  /** `all` (default): every listed scope is needed; `any`: one is enough. */
  match?: ScopeMatch;
  /** Let requests without an `Authorization` header through with no `auth`. Invalid tokens are still 401. */
  optional?: boolean;
  /** An extra check over the verified claims; `false` answers 403. */
  checkClaims?: ClaimsCheck<Req>;
}

/** The fields every policy has; each model adds its own. */
export interface PolicyBase<Req> {
  readonly scopes: readonly string[];
  readonly match: ScopeMatch;
  readonly optional: boolean;
  readonly checkClaims: ClaimsCheck<Req> | undefined;
}

/** Which of Logto's permission models a policy enforces. */
export type PermissionModel = Policy['model'];

/**
 * A checked route policy, one of Logto's three permission models; create it with `globalApi`,
 * `organizationPermissions` or `organizationApi`. Narrow it by `model`.
 */
export type Policy<Req = unknown> =
  | GlobalApiPolicy<Req>
  | OrganizationPolicy<Req>
  | OrganizationApiPolicy<Req>;

/** Checks the options shared by every model and applies their defaults. */
export function policyBase<Req>(options: PolicyOptions<Req>): PolicyBase<Req> {
  checkObject('', options);
  const match = options.match ?? 'all';
  if (match !== 'all' && match !== 'any') fail('match', 'must be "all" or "any"');
  const optional = optionalBoolean('optional', options.optional, false);
  if (options.checkClaims !== undefined && typeof options.checkClaims !== 'function') {
    fail('checkClaims', 'must be a function (claims, request) => boolean');
  }
  return { scopes: scopeNames(options.scopes), match, optional, checkClaims: options.checkClaims };
}

/** Checks an `organizationId` option of the organization models; default the route parameter `organizationId`. */
export function organizationSource<Req>(value: OrganizationSource<Req> | undefined): OrganizationSource<Req> {
  const source = value ?? 'organizationId';
  if (typeof source !== 'function' && (typeof source !== 'string' || source === '')) {
    fail('organizationId', 'must be a route parameter name or a function (request) => string | undefined');
  }
  return source;
}

/** The organization the request is about, read from `source`; undefined when absent or empty. */
export function resolveOrganizationId<Req>(
  source: OrganizationSource<Req>,
  context: RequestContext<Req>,
): string | undefined {
  const id: unknown = typeof source === 'function' ? source(context.request) : context.params?.[source];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * The audience rule of both API models: `aud` contains one of `audiences` (exact match).
 *
 * @throws {PermissionError} `audience_mismatch` when it does not.
 */
export function requireApiAudience(
  auth: AuthInfo,
  audiences: readonly string[],
  scopes: readonly string[],
): void {
  if (!audiences.some((audience) => auth.audience.includes(audience))) {
    throw new PermissionError('audience_mismatch', 'Token audience is not this API', scopes);
  }
}

/**
 * The organization rule of both organization models: `sameOrganization` says whether the token is for the
 * request's organization.
 *
 * @throws {PermissionError} `organization_mismatch` when it is not.
 */
export function requireSameOrganization(sameOrganization: boolean, scopes: readonly string[]): void {
  if (!sameOrganization) {
    throw new PermissionError(
      'organization_mismatch',
      'Token is not for the organization of this request',
      scopes,
    );
  }
}

/**
 * A copy of `policy` requiring `scopes` instead of its own; the names are checked like `scopes` options.
 * Does NOT add to the policy's scopes: it replaces them.
 *
 * @example
 * ```ts
 * const readProjects = withScopes(organizationApi(), ['read:projects'])
 * ```
 */
export function withScopes<Req>(policy: Policy<Req>, scopes: readonly string[]): Policy<Req> {
  return Object.freeze({ ...policy, scopes: scopeNames(scopes) });
}
