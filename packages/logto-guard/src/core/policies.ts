/**
 * Logto's three permission models as route policies: what a verified token must grant for one route.
 *
 * @module
 */
import type { LogtoAccessTokenClaims } from './claims.js';
import { LogtoGuardConfigError } from './errors.js';
import type { ScopeMatch } from './scopes.js';

/** Where the request's organization id comes from: a route parameter name, or a function of the request. */
export type OrganizationSource<Req> = string | ((request: Req) => string | undefined);

/** Options shared by the three models. */
export interface PolicyOptions<Req = unknown> {
  /** Permissions the route needs. Default none (any valid token for the audience passes). */
  scopes?: readonly string[];
  /** `all` (default): every listed scope is needed; `any`: one is enough. */
  match?: ScopeMatch;
  /** Let requests without an `Authorization` header through with no `auth`. Invalid tokens are still 401. */
  optional?: boolean;
  /** An extra check over the verified claims; `false` answers 403. */
  checkClaims?: (claims: Readonly<LogtoAccessTokenClaims>, request: Req) => boolean;
}

/** Options of {@link globalApi}. */
export interface GlobalApiOptions<Req = unknown> extends PolicyOptions<Req> {
  /** Resource indicator(s) accepted for this route. Default: the guard's `audience`. */
  audience?: string | readonly string[];
  /** Accept tokens carrying `organization_id` (organization-level API tokens). Default false. */
  allowOrganizationId?: boolean;
}

/** Options of {@link organizationPermissions}. */
export interface OrganizationOptions<Req = unknown> extends PolicyOptions<Req> {
  /** Route parameter holding the organization id, or a function of the request. Default `organizationId`. */
  organizationId?: OrganizationSource<Req>;
}

/** Options of {@link organizationApi}. */
export interface OrganizationApiOptions<Req = unknown> extends OrganizationOptions<Req> {
  /** Resource indicator(s) accepted for this route. Default: the guard's `audience`. */
  audience?: string | readonly string[];
}

/** Which of Logto's permission models a policy enforces. */
export type PermissionModel = 'global-api' | 'organization' | 'organization-api';

/** A checked route policy; create it with {@link globalApi}, {@link organizationPermissions} or {@link organizationApi}. */
export interface Policy<Req = unknown> {
  readonly model: PermissionModel;
  readonly scopes: readonly string[];
  readonly match: ScopeMatch;
  readonly optional: boolean;
  /** Resource indicators for the API models; undefined means the guard's `audience`. */
  readonly audience: readonly string[] | undefined;
  readonly allowOrganizationId: boolean;
  readonly organizationId: OrganizationSource<Req> | undefined;
  readonly checkClaims: ((claims: Readonly<LogtoAccessTokenClaims>, request: Req) => boolean) | undefined;
}

function fail(option: string, expected: string): never {
  throw new LogtoGuardConfigError(option, expected);
}

function checkScopes(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('scopes', 'must be an array of permission names');
  for (const scope of value) {
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) {
      fail('scopes', 'must contain non-empty permission names without spaces');
    }
  }
  return [...value];
}

function checkAudience(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((item) => typeof item !== 'string' || item === '')
  ) {
    fail('audience', 'must be a non-empty string or array of strings');
  }
  return [...list];
}

function build<Req>(
  model: PermissionModel,
  options: GlobalApiOptions<Req> & OrganizationOptions<Req>,
): Policy<Req> {
  if (typeof options !== 'object' || options === null) fail('', 'must be an object');
  const match = options.match ?? 'all';
  if (match !== 'all' && match !== 'any') fail('match', 'must be "all" or "any"');
  if (options.optional !== undefined && typeof options.optional !== 'boolean')
    fail('optional', 'must be a boolean');
  if (options.checkClaims !== undefined && typeof options.checkClaims !== 'function') {
    fail('checkClaims', 'must be a function (claims, request) => boolean');
  }
  const organizationId = model === 'global-api' ? undefined : (options.organizationId ?? 'organizationId');
  if (organizationId !== undefined && typeof organizationId !== 'function') {
    if (typeof organizationId !== 'string' || organizationId === '') {
      fail('organizationId', 'must be a route parameter name or a function (request) => string | undefined');
    }
  }
  if (options.allowOrganizationId !== undefined && typeof options.allowOrganizationId !== 'boolean') {
    fail('allowOrganizationId', 'must be a boolean');
  }
  return Object.freeze({
    model,
    scopes: Object.freeze(checkScopes(options.scopes)),
    match,
    optional: options.optional ?? false,
    audience: model === 'organization' ? undefined : checkAudience(options.audience),
    allowOrganizationId: options.allowOrganizationId ?? false,
    organizationId,
    checkClaims: options.checkClaims,
  });
}

/**
 * Global API resource: `aud` must contain one of the guard's resource indicators, the token must NOT
 * carry `organization_id` (unless `allowOrganizationId`), and it must grant the route's scopes.
 *
 * Why `organization_id` is refused: a token for an API requested with an organization is an
 * organization-level token; its scopes hold for that organization only.
 *
 * @example
 * ```ts
 * app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), listProducts)
 * ```
 */
export function globalApi<Req = unknown>(options: GlobalApiOptions<Req> = {}): Policy<Req> {
  return build('global-api', options);
}

/**
 * Organization permissions (non-API): `aud` must be exactly `urn:logto:organization:<id>`, where `<id>` is
 * the request's organization (route parameter `organizationId` by default), and the token must grant the
 * route's organization permissions. Does NOT accept a prefix or a token for another organization.
 *
 * @example
 * ```ts
 * app.get('/orgs/:organizationId/members',
 *   requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })), listMembers)
 * ```
 */
export function organizationPermissions<Req = unknown>(options: OrganizationOptions<Req> = {}): Policy<Req> {
  return build('organization', options);
}

/**
 * Organization-level API resource: `aud` must contain one of the guard's resource indicators AND the
 * `organization_id` claim must equal the request's organization; the token must grant the route's scopes.
 *
 * @example
 * ```ts
 * app.get('/orgs/:organizationId/projects',
 *   requireAuth(guard, organizationApi({ scopes: ['read:projects'] })), listProjects)
 * ```
 */
export function organizationApi<Req = unknown>(options: OrganizationApiOptions<Req> = {}): Policy<Req> {
  return build('organization-api', options);
}

/**
 * A copy of `policy` requiring `scopes` instead of its own; the names are checked like `scopes` options.
 *
 * @example
 * ```ts
 * const readProjects = withScopes(organizationApi(), ['read:projects'])
 * ```
 */
export function withScopes<Req>(policy: Policy<Req>, scopes: readonly string[]): Policy<Req> {
  return Object.freeze({ ...policy, scopes: Object.freeze(checkScopes(scopes)) });
}

/** The audience an organization token carries for organization `id`. */
export const organizationAudience = (id: string): string => `urn:logto:organization:${id}`;

/** Internal: the audience(s) a token must carry for `policy`, given the request's organization. */
export function expectedAudiences(
  policy: Policy<never>,
  guardAudiences: readonly string[],
  organizationId: string | undefined,
): readonly string[] {
  if (policy.model === 'organization')
    return organizationId === undefined ? [] : [organizationAudience(organizationId)];
  return policy.audience ?? guardAudiences;
}
