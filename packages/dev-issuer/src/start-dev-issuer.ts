import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNING_ALGORITHMS, type SigningAlgorithm, SigningKeyRing } from './provider/keys.js';
import { createCookieKeys, createProvider, type ProviderSetup } from './provider/provider.js';
import type { World, WorldConfig } from './world/config.js';
import { createDefaultWorld } from './world/defaults.js';
import { loadWorldFile } from './world/loading.js';
import { WorldPermissions } from './world/permissions.js';
import { validateWorldConfig } from './world/validation.js';

/**
 * Options of {@link startDevIssuer}. Everything is optional: `startDevIssuer()` serves the
 * default world on `http://127.0.0.1:3001/oidc` with ES384 tokens.
 *
 * @example
 * ```ts
 * const options: DevIssuerOptions = { port: 0, alg: 'RS256', config: './world.yaml' };
 * ```
 */
export interface DevIssuerOptions {
  /** TCP port; `0` picks a free one (use it in tests). Default `3001`, Logto's default port. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Public base URL (an origin, no path), e.g. `http://localhost:3001`; the issuer is `<baseUrl>/oidc`.
   * Default `http://<host>:<actual port>`.
   */
  baseUrl?: string;
  /** The world as an object. Default: the default world. Exclusive with `config`. */
  world?: WorldConfig;
  /** Path of a JSON or YAML world file. Exclusive with `world`. */
  config?: string;
  /** Signing algorithm of the first key. Default `ES384` (Logto's default). */
  alg?: SigningAlgorithm;
  /** Access token lifetime in seconds when the API resource sets none. Default `3600`. */
  accessTokenTtl?: number;
  /**
   * Put `"scope": ""` in organization tokens that were granted no scope. Logto (and oidc-provider)
   * omit the claim in that case and send `""` only in the token response; turn this on to test that
   * a validator treats `""` as "no permissions". Default `false`.
   */
  emptyOrganizationScopeClaim?: boolean;
}

/**
 * The public half of a signing key.
 *
 * @example
 * ```ts
 * const { kid, alg }: SigningKeyInfo = issuer.currentKey;
 * ```
 */
export interface SigningKeyInfo {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
}

/**
 * Options of {@link DevIssuer.rotateKeys}.
 *
 * @example
 * ```ts
 * await issuer.rotateKeys({ alg: 'RS256' });
 * ```
 */
export interface RotateKeysOptions {
  /** Algorithm of the new key. Default: the current key's. */
  alg?: SigningAlgorithm;
}

/**
 * A running dev issuer.
 *
 * @example
 * ```ts
 * const issuer = await startDevIssuer({ port: 0 });
 * console.log(issuer.issuer, issuer.tokenEndpoint);
 * await issuer.close();
 * ```
 */
export interface DevIssuer {
  /** Base URL, e.g. `http://127.0.0.1:3001`. */
  readonly url: string;
  /** Issuer identifier (`iss`): `<url>/oidc`. */
  readonly issuer: string;
  /** `<issuer>/.well-known/openid-configuration`. */
  readonly discoveryUrl: string;
  /** `<issuer>/jwks`. */
  readonly jwksUri: string;
  /** `<issuer>/token`. */
  readonly tokenEndpoint: string;
  /** The validated world being served. */
  readonly world: World;
  /** The key signing new tokens. */
  readonly currentKey: SigningKeyInfo;
  /** Every published key, current first (at most two). */
  readonly keys: readonly SigningKeyInfo[];
  /**
   * Rotates like Logto: a new key (of `alg`, default the current one's) signs from now on; the
   * previous key stays in the JWKS; older keys are dropped.
   */
  rotateKeys(options?: RotateKeysOptions): Promise<SigningKeyInfo>;
  /** Stops listening, closes open connections. Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_PORT = 3001;
const DEFAULT_HOST = '127.0.0.1';
const MOUNT_PATH = '/oidc';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function defaultBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function checkOptions(options: DevIssuerOptions): void {
  if (options.world !== undefined && options.config !== undefined) {
    throw new TypeError('startDevIssuer: pass either `world` or `config`, not both');
  }
  if (options.alg !== undefined && !SIGNING_ALGORITHMS.includes(options.alg)) {
    throw new TypeError(`startDevIssuer: unsupported alg ${String(options.alg)} (use ES384 or RS256)`);
  }
  if (options.baseUrl !== undefined) {
    const base = URL.canParse(options.baseUrl) ? new URL(options.baseUrl) : undefined;
    if (!base || !/^https?:$/.test(base.protocol) || base.pathname !== '/' || base.search || base.hash) {
      throw new TypeError('startDevIssuer: baseUrl must be an http(s) origin such as http://localhost:3001');
    }
  }
  const { accessTokenTtl, port } = options;
  if (accessTokenTtl !== undefined && !(Number.isSafeInteger(accessTokenTtl) && accessTokenTtl > 0)) {
    throw new TypeError('startDevIssuer: accessTokenTtl must be a positive integer (seconds)');
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new TypeError('startDevIssuer: port must be an integer between 0 and 65535');
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a local issuer that behaves like Logto for machine-to-machine tokens: discovery, JWKS
 * and the token endpoint of oidc-provider under `<base>/oidc`, `client_credentials` with
 * `resource` and/or `organization_id`, ES384 (or RS256) `at+jwt` access tokens.
 *
 * Does not reproduce user sign-in (authorization code, refresh tokens, consent, organization
 * tokens for users): it issues machine-to-machine tokens only.
 *
 * @throws {@link DevIssuerConfigError} when the world (object or file) is invalid.
 * @throws `TypeError` for invalid options; the `listen` error (e.g. `EADDRINUSE`) if the port is taken.
 *
 * @example
 * ```ts
 * const issuer = await startDevIssuer({ port: 0 });
 * const { access_token } = await requestClientCredentialsToken({
 *   tokenEndpoint: issuer.tokenEndpoint,
 *   clientId: DEFAULT_APPLICATIONS.readOnly.id,
 *   clientSecret: DEFAULT_APPLICATIONS.readOnly.secret,
 *   resource: DEFAULT_API_RESOURCE,
 *   scope: 'api:read',
 * });
 * await issuer.close();
 * ```
 */
export async function startDevIssuer(options: DevIssuerOptions = {}): Promise<DevIssuer> {
  checkOptions(options);
  const world =
    options.config === undefined
      ? validateWorldConfig(options.world ?? createDefaultWorld())
      : await loadWorldFile(options.config);
  const host = options.host ?? DEFAULT_HOST;
  const ring = new SigningKeyRing(options.alg ?? 'ES384');

  let handler: Handler | undefined;
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (
      handler !== undefined &&
      (url === MOUNT_PATH || url.startsWith(`${MOUNT_PATH}/`) || url.startsWith(`${MOUNT_PATH}?`))
    ) {
      // oidc-provider derives its mount path from `originalUrl` minus `url` (like Express mounting).
      Object.assign(req, { originalUrl: url });
      req.url = url.slice(MOUNT_PATH.length) || '/';
      handler(req, res);
      return;
    }
    if (handler === undefined) return sendJson(res, 503, { error: 'temporarily_unavailable' });
    if (url === '/' && req.method === 'GET') return sendJson(res, 200, describeIssuer());
    sendJson(res, 404, { error: 'not_found', error_description: `the issuer is ${issuer}` });
  });

  const port = await listen(server, options.port ?? DEFAULT_PORT, host);
  const url = (options.baseUrl ?? defaultBaseUrl(host, port)).replace(/\/+$/, '');
  const issuer = `${url}${MOUNT_PATH}`;
  const setup: Omit<ProviderSetup, 'keys'> = {
    issuer,
    world,
    permissions: new WorldPermissions(world),
    accessTokenTtl: options.accessTokenTtl ?? 3600,
    emptyOrganizationScopeClaim: options.emptyOrganizationScopeClaim ?? false,
    stores: new Map(),
    cookieKeys: createCookieKeys(),
  };
  const keyInfo = (): SigningKeyInfo[] => ring.keys.map(({ kid, alg }) => ({ kid, alg }));
  const describeIssuer = () => ({
    issuer,
    discovery: `${issuer}/.well-known/openid-configuration`,
    jwks_uri: `${issuer}/jwks`,
    token_endpoint: `${issuer}/token`,
    applications: world.applications.map(({ id, name }) => ({ id, name })),
  });

  try {
    handler = (await createProvider({ ...setup, keys: ring.keys })).callback();
  } catch (error) {
    server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  let rotating: Promise<void> = Promise.resolve();
  return {
    url,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    jwksUri: `${issuer}/jwks`,
    tokenEndpoint: `${issuer}/token`,
    world,
    get currentKey() {
      return keyInfo()[0]!;
    },
    get keys() {
      return keyInfo();
    },
    rotateKeys(rotateOptions = {}) {
      const alg = rotateOptions.alg ?? ring.current.alg;
      if (!SIGNING_ALGORITHMS.includes(alg)) {
        return Promise.reject(new TypeError(`rotateKeys: unsupported alg ${String(alg)}`));
      }
      // One rotation at a time, so the served provider always matches the key ring.
      const rotation = rotating.then(async () => {
        ring.rotate(alg);
        // oidc-provider's keystore is fixed at construction: serve a provider built on the new key set.
        handler = (await createProvider({ ...setup, keys: ring.keys })).callback();
        return keyInfo()[0]!;
      });
      rotating = rotation.then(
        () => undefined,
        () => undefined,
      );
      return rotation;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
