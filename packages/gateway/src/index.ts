/**
 * `@logto-guard/gateway`: protect any HTTP backend with Logto access tokens, from in front — as the
 * decision service of nginx `auth_request`, Traefik ForwardAuth or Envoy `ext_authz`, or as a reverse
 * proxy. Every decision is logto-guard's `guard.check`; the rules file says what each route needs.
 *
 * @module
 */
export { type ConfigLocation, GatewayConfigError } from './config/errors.js';
export { loadGatewayConfig, parseGatewayConfig } from './config/load-config.js';
export { gatewayConfigSchema } from './config/schema.js';
export {
  DEFAULT_CLAIMS_HEADER,
  DEFAULT_IDENTITY_HEADERS,
  type GatewayConfig,
  type GuardFileOptions,
  type IdentityHeaderNames,
  type OrganizationIdSource,
  type PolicyConfig,
  type RuleConfig,
} from './config/types.js';
export type { Decision, GatewayDenialCode } from './decide.js';
export { ERROR_BODY_HEADER } from './forward-auth.js';
export { type Gateway, type GatewayOptions, startGateway } from './gateway.js';
export {
  GATEWAY_USAGE,
  type GatewayIo,
  gatewayMain,
  parseGatewayArgs,
  type RunGatewayOptions,
  type RunningGateway,
  runGateway,
} from './run.js';
