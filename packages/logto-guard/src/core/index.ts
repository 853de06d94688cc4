/**
 * logto-guard core: verify Logto access tokens and enforce Logto's permission models, framework-free.
 * Imports only `jose` and Web-standard APIs, so it runs on Node, Bun, Deno and Workers.
 *
 * @module
 */
export { type AdapterOptions, resolveAdapterOptions } from './adapter-options.js';
export { AuthInfo, type AuthInfoJson } from './auth-info.js';
export { authorize } from './authorize.js';
export { extractBearerToken } from './bearer.js';
export { bearerChallenge, type ChallengeParams } from './challenge.js';
export { type ClaimRules, type LogtoAccessTokenClaims, validateClaimsSet } from './claims.js';
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
  TokenError,
  type TokenErrorCode,
  UnavailableError,
  type UnavailableErrorCode,
} from './errors.js';
export { createGuard, type Guard, type GuardInput, type GuardOutcome } from './guard.js';
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
  type AccessTokenAlgorithm,
  type GuardOptions,
  LOGTO_ALGORITHMS,
  type ResolvedOptions,
  type TokenCacheOptions,
} from './options.js';
export {
  type ClaimsCheck,
  type OrganizationSource,
  type PermissionModel,
  type Policy,
  type PolicyOptions,
  type RequestContext,
  resolveOrganizationId,
  withScopes,
} from './policy.js';
export {
  type ErrorBody,
  type ErrorResponse,
  RETRY_AFTER_SECONDS,
  type RenderOptions,
  renderError,
} from './render.js';
export { hasScopes, parseScope, type ScopeMatch } from './scopes.js';
export { organizationAudience } from './token-format.js';
