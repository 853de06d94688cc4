/**
 * `startDemo`: the local issuer (unless a Logto endpoint is given), the guard and the API, listening.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createDefaultWorld,
  type DevIssuer,
  DevIssuerConfigError,
  startDevIssuer,
  type WorldConfig,
} from '@logto-guard/dev-issuer';
import { findFreePortNear } from '@logto-guard/dev-issuer/cli';
import {
  createGuard,
  type Guard,
  type GuardOptions,
  LogtoGuardConfigError,
  resourceMetadataPaths,
} from 'logto-guard';

import { createApp } from './app.js';
import {
  DEFAULT_API_RESOURCE,
  DEFAULT_HOST,
  DEFAULT_ISSUER_PORT,
  DEFAULT_PORT,
  type DemoConfig,
  DemoConfigError,
} from './config.js';
import { swaggerUiApplication } from './docs.js';
import { createObservability } from './observability.js';

/** Options of {@link startDemo}: the {@link DemoConfig} fields, each with its default. */
export interface DemoOptions extends Partial<DemoConfig> {
  /** More `createGuard` options (tests pass a clock with `now`). */
  guardOptions?: Omit<GuardOptions, 'endpoint' | 'issuer' | 'audience'>;
}

/** A running demo. */
export interface RunningDemo {
  /** Base URL of the API, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** The API resource indicator tokens must be issued for. */
  readonly apiResource: string;
  /** The Logto endpoint the guard trusts: `LOGTO_ENDPOINT`, or the local issuer's base URL. */
  readonly endpoint: string;
  /** The local issuer, when no Logto endpoint was given. */
  readonly devIssuer: DevIssuer | undefined;
  /** Stops the API and the local issuer. Safe to call twice. */
  close(): Promise<void>;
}

/** A server could not listen; `message` says why and what to change. */
export class DemoStartError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DemoStartError';
    this.code = code;
  }
}

interface Listener {
  /** What listens, for the message: "the API", "the local issuer". */
  label: string;
  /** The variable that sets its port. */
  variable: string;
  host: string;
  port: number;
}

/** What to do about a port in use, with a port that was free when checked (or 0, which always is). */
async function portInUseHint(listener: Listener): Promise<string> {
  const free = await findFreePortNear(listener.port, listener.host);
  const suggestion =
    free === undefined ? `${listener.variable}=0 (any free port)` : `${listener.variable}=${free} (free now)`;
  return listener.variable === 'PORT'
    ? `stop the other process or set PORT to a free port, e.g. ${suggestion} npm start`
    : `stop the other process (a local Logto?), set ${listener.variable} to a free port, e.g. ${suggestion}, or set LOGTO_ENDPOINT to use that Logto`;
}

/** Turns a `listen` error into a message a user can act on; other errors pass through. */
async function explainListenError(error: unknown, listener: Listener): Promise<unknown> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${listener.host}:${listener.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new DemoStartError(
        code,
        `port ${listener.port} (${listener.label}) is already in use: ${await portInUseHint(listener)}`,
        { cause: error },
      );
    case 'EACCES':
      return new DemoStartError(
        code,
        `no permission to listen on ${where} (${listener.label}): choose a port above 1023 with ${listener.variable}`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new DemoStartError(
        code,
        `cannot listen on ${where} (${listener.label}): "${listener.host}" is not an address of this machine; check HOST`,
        { cause: error },
      );
    default:
      return error;
  }
}

function listen(server: Server, listener: Listener): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown) => {
      explainListenError(error, listener).then(reject, reject);
    };
    server.once('error', onError);
    server.listen(listener.port, listener.host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** A URL for clients: a wildcard interface is reached on loopback, IPv6 needs brackets. */
function clientUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** The API's origin, and its `localhost` twin when it listens on 127.0.0.1. */
function appOrigins(apiUrl: string): string[] {
  const localhost = apiUrl.replace('//127.0.0.1:', '//localhost:');
  return localhost === apiUrl ? [apiUrl] : [apiUrl, localhost];
}

/** The default world, plus the single-page app Swagger UI at `/docs` signs people in with. */
function demoWorld(apiResource: string, origins: string[]): WorldConfig {
  const world = createDefaultWorld({ apiResource, appOrigins: origins });
  return { ...world, userApplications: [...(world.userApplications ?? []), swaggerUiApplication(origins)] };
}

/** Starts the dev issuer; a refused world can only come from API_RESOURCE, and a listen error is explained. */
function startIssuer(config: DemoConfig, apiUrl: string): Promise<DevIssuer> {
  const listener = {
    label: 'the local issuer',
    variable: 'LOGTO_DEV_ISSUER_PORT',
    host: DEFAULT_HOST,
    port: config.issuerPort,
  };
  return startDevIssuer({
    port: config.issuerPort,
    host: DEFAULT_HOST,
    // The playground and Swagger UI sign in from the API's origin: their redirect URIs follow the actual port.
    world: demoWorld(config.apiResource, appOrigins(apiUrl)),
  }).catch(async (error: unknown) => {
    if (error instanceof DevIssuerConfigError) {
      // The first issue is about the resource itself; the rest repeat it for each role that names it.
      throw new DemoConfigError(
        'API_RESOURCE',
        `is refused by the local issuer: ${error.issues[0]?.message}`,
      );
    }
    throw await explainListenError(error, listener);
  });
}

/** `createGuard`, with a wrong option reported as the environment variable that set it. */
function createDemoGuard(endpoint: string, apiResource: string, options: DemoOptions['guardOptions']): Guard {
  try {
    return createGuard({ ...options, endpoint, audience: apiResource });
  } catch (error) {
    if (!(error instanceof LogtoGuardConfigError)) throw error;
    const variable = error.option === 'audience' ? 'API_RESOURCE' : 'LOGTO_ENDPOINT';
    const insecure = error.message.includes('allowInsecureHttp')
      ? '; to accept it on a network you trust, set LOGTO_ALLOW_INSECURE_HTTP=true (keys fetched over http: can be swapped by anyone on the path)'
      : '';
    throw new DemoConfigError(variable, `is refused by logto-guard: ${error.message}${insecure}`);
  }
}

/**
 * Starts the demo: with `logtoEndpoint`, the API alone, trusting that Logto; without it, the local dev
 * issuer (default world, API resource `apiResource`) on 127.0.0.1 and the API trusting it.
 *
 * Does NOT contact Logto: an unreachable endpoint shows up as 503 on protected routes (see `checkLogto`).
 *
 * @throws {DemoStartError} when a port is taken or forbidden; {@link DemoConfigError} when logto-guard
 * refuses the endpoint or the API resource.
 *
 * @example
 * ```ts
 * const demo = await startDemo({ port: 0, issuerPort: 0 });
 * console.log(demo.url, demo.devIssuer?.tokenEndpoint);
 * await demo.close();
 * ```
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const config: DemoConfig = {
    logtoEndpoint: options.logtoEndpoint,
    apiResource: options.apiResource ?? DEFAULT_API_RESOURCE,
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? DEFAULT_HOST,
    issuerPort: options.issuerPort ?? DEFAULT_ISSUER_PORT,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
  };
  // The API listens first so that the local issuer knows the playground's redirect URIs.
  const server = createServer();
  const port = await listen(server, {
    label: 'the API',
    variable: 'PORT',
    host: config.host,
    port: config.port,
  });
  const url = clientUrl(config.host, port);
  let devIssuer: DevIssuer | undefined;
  try {
    devIssuer = config.logtoEndpoint === undefined ? await startIssuer(config, url) : undefined;
    const endpoint = config.logtoEndpoint ?? devIssuer!.url;
    // Failures are logged (pino, stderr) and counted (GET /metrics) through the guard's hook.
    const observability = createObservability();
    // One set of guard options for the API and the playground's own guards.
    const guardOptions = {
      ...(config.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
      ...options.guardOptions,
      // The challenges point at this server's own RFC 9728 metadata.
      resourceMetadata: `${url}${resourceMetadataPaths(config.apiResource).at(-1)}`,
    };
    const guard = createDemoGuard(endpoint, config.apiResource, {
      ...guardOptions,
      onFailure: (event) => {
        observability.onFailure(event);
        options.guardOptions?.onFailure?.(event);
      },
    });
    const playground = { endpoint, apiResource: config.apiResource, devIssuer, guardOptions };
    server.on('request', createApp({ guard, playground, observability }));
    let closing: Promise<void> | undefined;
    return {
      url,
      apiResource: config.apiResource,
      endpoint,
      devIssuer,
      close() {
        closing ??= Promise.all([closeServer(server), devIssuer?.close()]).then(() => undefined);
        return closing;
      },
    };
  } catch (error) {
    await Promise.all([closeServer(server), devIssuer?.close()]);
    throw error;
  }
}
