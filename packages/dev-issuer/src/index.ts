/**
 * `@logto-guard/dev-issuer`: a local issuer that behaves like Logto for machine-to-machine
 * tokens, built on oidc-provider.
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
  createDefaultWorld,
  DEFAULT_API_PERMISSIONS,
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  DEFAULT_ORGANIZATION_PERMISSIONS,
  DEFAULT_ORGANIZATIONS,
  type DefaultWorldOptions,
  defaultWorld,
} from './default-world.js';
export {
  type ConfigIssue,
  DevIssuerConfigError,
  DevIssuerError,
  type DevIssuerErrorUnion,
  TokenRequestError,
} from './errors.js';
export { loadWorldFile } from './load-world-file.js';
export {
  type ClientCredentialsTokenRequest,
  requestClientCredentialsToken,
  type TokenResponse,
} from './request-client-credentials-token.js';
export { jwkThumbprint, SIGNING_ALGORITHMS, type SigningAlgorithm } from './signing-keys.js';
export {
  type DevIssuer,
  type DevIssuerOptions,
  type RotateKeysOptions,
  type SigningKeyInfo,
  startDevIssuer,
} from './start-dev-issuer.js';
export { type ValidateWorldOptions, validateWorldConfig } from './validate-world.js';
export type {
  ApiPermissionGrant,
  ApiPermissionGrantConfig,
  ApiResourceConfig,
  ApplicationConfig,
  ApplicationMembershipConfig,
  OrganizationConfig,
  OrganizationRoleConfig,
  RoleConfig,
  World,
  WorldConfig,
} from './world-config.js';
