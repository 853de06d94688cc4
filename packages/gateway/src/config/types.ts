/**
 * What a rules file holds, after validation and defaults.
 *
 * @module
 */
import type { GuardOptions } from 'logto-guard';

/** Where a rule takes the request's organization id from. */
export type OrganizationIdSource =
  | { param: string; header?: undefined }
  | { header: string; param?: undefined };

/** The policy of a protected rule: one of Logto's three permission models. */
export interface PolicyConfig {
  model: 'global-api' | 'organization' | 'organization-api';
  scopes?: string[];
  match?: 'all' | 'any';
  audience?: string | string[];
  allowOrganizationId?: boolean;
  organizationId?: OrganizationIdSource;
}

/** One rule: which requests (`methods`, `path`) and what they need (`public: true` or a `policy`). */
export interface RuleConfig {
  name?: string;
  methods?: string[];
  path: string;
  public?: true;
  policy?: PolicyConfig;
}

/** Header names the backend receives the caller in. `claims`: a name, `true` (`X-Auth-Claims`) or `false` (default, none). */
export interface IdentityHeaderNames {
  subject: string;
  clientId: string;
  organizationId: string;
  scopes: string;
  audience: string;
  claims: string | boolean;
}

/** Options of `createGuard` that a file can hold (functions such as `fetch` cannot). */
export type GuardFileOptions = Omit<GuardOptions, 'fetch' | 'now' | 'onFailure'>;

/** A validated rules file with its defaults applied. */
export interface GatewayConfig {
  guard: GuardFileOptions;
  listen: { host: string; port: number };
  /** `/healthz`, `/readyz`, `/metrics`: under `pathPrefix` on the main port, or on their own `port`. */
  operations: { host: string; port?: number; pathPrefix: string };
  /** Path of the decision endpoint (forward-auth mode). Envoy appends the original path to it. */
  forwardAuth: { path: string };
  /** Reverse-proxy mode when set: checked requests are forwarded there. */
  upstream?: string;
  /** Pass the client's `Authorization` header on to the backend. Default true. */
  forwardAuthorization: boolean;
  /** What a request that matches no rule gets. Default `deny`. */
  unmatched: 'deny' | 'allow';
  identityHeaders: IdentityHeaderNames;
  rules: RuleConfig[];
}

/** Default names of the identity headers. */
export const DEFAULT_IDENTITY_HEADERS: Readonly<IdentityHeaderNames> = Object.freeze({
  subject: 'X-Auth-Subject',
  clientId: 'X-Auth-Client-Id',
  organizationId: 'X-Auth-Organization-Id',
  scopes: 'X-Auth-Scopes',
  audience: 'X-Auth-Audience',
  claims: false,
});

/** Name of the claims header when `identityHeaders.claims` is `true`; always removed from client requests. */
export const DEFAULT_CLAIMS_HEADER = 'X-Auth-Claims';
