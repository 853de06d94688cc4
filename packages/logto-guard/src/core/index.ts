/**
 * logto-guard: verify Logto access tokens and enforce Logto's permission models, framework-free.
 * Imports only `jose` and Web-standard APIs, so it runs on Node, Bun, Deno and Workers.
 *
 * This entry holds what applications use: `createGuard`, the three policies, the errors, `AuthInfo`, the
 * option and result types, and a few facts of Logto's token format. Framework adapters live in their own
 * entries (`logto-guard/express`, ...); building your own needs only `guard.check` (README, "Write your own
 * adapter").
 *
 * @module
 */
export { type NodeRequestHeaders, nodeAuthorization } from './adapter-kit.js';
export { AuthInfo, type AuthInfoJson } from './auth-info.js';
export { extractBearerToken } from './bearer.js';
export type { LogtoAccessTokenClaims } from './claims.js';
export {
  CredentialsError,
  type CredentialsErrorCode,
  type ErrorKind,
  LogtoGuardConfigError,
  LogtoGuardError,
  type LogtoGuardErrorCode,
  type LogtoGuardFailure,
  PermissionError,
  type PermissionErrorCode,
  RequestError,
  type RequestErrorCode,
  ServerError,
  type ServerErrorCode,
  TokenError,
  type TokenErrorCode,
  UnavailableError,
  type UnavailableErrorCode,
} from './errors.js';
export type {
  FailureCause,
  FailureEvent,
  FailureToken,
  KeySetFailureEvent,
  RequestFailureEvent,
} from './failure-event.js';
export {
  createGuard,
  type Guard,
  type GuardInput,
  type GuardKeySetState,
  type GuardOutcome,
} from './guard.js';
export type { KeySetFailure, KeySetState } from './key-set.js';
export { type GlobalApiOptions, type GlobalApiPolicy, globalApi } from './models/global-api.js';
export {
  type OrganizationOptions,
  type OrganizationPolicy,
  organizationPermissions,
} from './models/organization.js';
export {
  type OrganizationApiOptions,
  type OrganizationApiPolicy,
  organizationApi,
} from './models/organization-api.js';
export {
  OPENAPI_SCHEMES,
  type OpenApiComponents,
  type OpenApiFlow,
  type OpenApiOperationSecurity,
  type OpenApiOptions,
  type OpenApiRoute,
  openApiComponents,
  openApiOperation,
  openApiPaths,
  type SecurityRequirement,
} from './openapi.js';
export { type OpenApiEndpoints, openApiEndpoints } from './openapi-endpoints.js';
export {
  type AccessTokenAlgorithm,
  type GuardOptions,
  LOGTO_ALGORITHMS,
  type TokenCacheOptions,
} from './options.js';
export {
  type ClaimsCheck,
  type OrganizationSource,
  type PermissionModel,
  type Policy,
  type PolicyOptions,
  type RequestContext,
  withScopes,
} from './policy.js';
export {
  type ProtectedResourceMetadata,
  protectedResourceMetadata,
  RESOURCE_METADATA_PATH,
  type ResourceMetadataOptions,
  resourceMetadataPaths,
} from './protected-resource-metadata.js';
export type { ErrorBody, ErrorResponse } from './render.js';
export { parseScope, type ScopeMatch } from './scopes.js';
export {
  ACCESS_TOKEN_TYPE,
  ACCESS_TOKEN_TYPES,
  ORGANIZATION_AUDIENCE_PREFIX,
  organizationAudience,
} from './token-format.js';
