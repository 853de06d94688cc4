/**
 * `@logto-guard/dev-issuer`: a local issuer that behaves like Logto for machine-to-machine and
 * user tokens (sign-in form, authorization code + PKCE, refresh tokens, organization tokens),
 * built on oidc-provider.
 *
 * @example
 * ```ts
 * import { DEFAULT_API_RESOURCE, DEFAULT_APPLICATIONS, requestClientCredentialsToken, startDevIssuer } from '@logto-guard/dev-issuer';
 *
 * const issuer = await startDevIssuer({ port: 0 });
 * const { access_token } = await requestClientCredentialsToken({
 *   tokenEndpoint: issuer.tokenEndpoint,
 *   clientId: DEFAULT_APPLICATIONS.fullAccess.id,
 *   clientSecret: DEFAULT_APPLICATIONS.fullAccess.secret,
 *   resource: DEFAULT_API_RESOURCE,
 *   scope: 'api:read api:write',
 * });
 * await issuer.close();
 * ```
 *
 * @module
 */

export {
  type ConfigIssue,
  DevIssuerConfigError,
  DevIssuerError,
  type DevIssuerErrorUnion,
  TokenRequestError,
} from './errors.js';
export { jwkThumbprint, SIGNING_ALGORITHMS, type SigningAlgorithm } from './provider/keys.js';
export {
  type ClientCredentialsTokenRequest,
  requestClientCredentialsToken,
  type TokenResponse,
} from './request-client-credentials-token.js';
export { requestUserToken, type UserTokenRequest } from './request-user-token.js';
export {
  CookieJar,
  type FlowStep,
  SignInFlowError,
  type SignInResult,
  type SignInWithPasswordOptions,
  signInWithPassword,
} from './sign-in-with-password.js';
export {
  type DevIssuer,
  type DevIssuerOptions,
  type RotateKeysOptions,
  type SigningKeyInfo,
  startDevIssuer,
} from './start-dev-issuer.js';
export type {
  ApiPermissionGrant,
  ApiPermissionGrantConfig,
  ApiResourceConfig,
  ApplicationConfig,
  ApplicationMembershipConfig,
  OrganizationConfig,
  OrganizationRoleConfig,
  RoleConfig,
  UserApplicationConfig,
  UserConfig,
  World,
  WorldConfig,
} from './world/config.js';
export {
  createDefaultWorld,
  DEFAULT_API_PERMISSIONS,
  DEFAULT_API_RESOURCE,
  DEFAULT_APP_ORIGINS,
  DEFAULT_APPLICATIONS,
  DEFAULT_ORGANIZATION_PERMISSIONS,
  DEFAULT_ORGANIZATIONS,
  DEFAULT_USER_APPLICATIONS,
  DEFAULT_USERS,
  type DefaultWorldOptions,
  defaultWorld,
} from './world/defaults.js';
export { loadWorldFile } from './world/loading.js';
export { type ValidateWorldOptions, validateWorldConfig } from './world/validation.js';
