/**
 * The demo's configuration, read from environment variables and checked with messages a user can act on.
 *
 * @module
 */

/** The demo's settings after validation. */
export interface DemoConfig {
  /** A Logto endpoint (`https://<tenant>.logto.app`); undefined → start the local dev issuer. */
  logtoEndpoint: string | undefined;
  /** The API resource indicator: the `aud` of tokens for this API. */
  apiResource: string;
  /** Port of the API; `0` picks a free one. */
  port: number;
  /** Interface the API listens on. */
  host: string;
  /** Port of the local dev issuer (unused with `logtoEndpoint`); `0` picks a free one. */
  issuerPort: number;
  /**
   * Accept an `http:` Logto endpoint on a host other than localhost (`LOGTO_ALLOW_INSECURE_HTTP=true`):
   * logto-guard's `allowInsecureHttp`. Keys fetched in clear can be swapped by anyone on the network.
   */
  allowInsecureHttp: boolean;
}

/** A wrong environment variable; `variable` names it, `message` says what to set. */
export class DemoConfigError extends Error {
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable} ${message}`);
    this.name = 'DemoConfigError';
    this.variable = variable;
  }
}

export const DEFAULT_API_RESOURCE = 'https://api.example.com';
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
/** Logto's own default port, so the local issuer sits where a local Logto would. */
export const DEFAULT_ISSUER_PORT = 3001;

type Env = Readonly<Record<string, string | undefined>>;

function readPort(env: Env, variable: string, fallback: number): number {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const port = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new DemoConfigError(
      variable,
      `must be a port number from 0 to 65535 (0 picks a free port), got "${raw}"`,
    );
  }
  return port;
}

function readLogtoEndpoint(env: Env): string | undefined {
  const raw = env.LOGTO_ENDPOINT?.trim();
  if (raw === undefined || raw === '') return undefined;
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new DemoConfigError(
      'LOGTO_ENDPOINT',
      `must be the http(s) URL of your Logto, e.g. https://your-tenant.logto.app, got "${raw}"`,
    );
  }
  const endpoint = url.href.replace(/\/+$/, '');
  if (endpoint.endsWith('/oidc')) {
    throw new DemoConfigError(
      'LOGTO_ENDPOINT',
      `is the endpoint without "/oidc" (the issuer is <endpoint>/oidc): set LOGTO_ENDPOINT=${endpoint.slice(0, -5)}`,
    );
  }
  return endpoint;
}

function readApiResource(env: Env): string {
  const raw = env.API_RESOURCE?.trim();
  if (raw === undefined || raw === '') return DEFAULT_API_RESOURCE;
  // RFC 8707 §2: a resource indicator is an absolute URI without a fragment.
  if (!URL.canParse(raw) || raw.includes('#')) {
    throw new DemoConfigError(
      'API_RESOURCE',
      `must be the API resource indicator registered in Logto (an absolute URI without #fragment, such as ${DEFAULT_API_RESOURCE}), got "${raw}"`,
    );
  }
  return raw;
}

function readBoolean(env: Env, variable: string): boolean {
  const raw = env[variable]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new DemoConfigError(variable, `must be true or false, got "${env[variable]?.trim()}"`);
}

/**
 * Reads `LOGTO_ENDPOINT`, `API_RESOURCE`, `PORT`, `HOST`, `LOGTO_DEV_ISSUER_PORT` and
 * `LOGTO_ALLOW_INSECURE_HTTP`.
 *
 * @throws {DemoConfigError} naming the first wrong variable.
 *
 * @example
 * ```ts
 * const config = readConfig(process.env); // { logtoEndpoint: undefined, port: 3000, ... }
 * ```
 */
export function readConfig(env: Env): DemoConfig {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  return {
    logtoEndpoint: readLogtoEndpoint(env),
    apiResource: readApiResource(env),
    port: readPort(env, 'PORT', DEFAULT_PORT),
    host,
    issuerPort: readPort(env, 'LOGTO_DEV_ISSUER_PORT', DEFAULT_ISSUER_PORT),
    allowInsecureHttp: readBoolean(env, 'LOGTO_ALLOW_INSECURE_HTTP'),
  };
}
