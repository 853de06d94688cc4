/**
 * `startGateway`: the servers (main and, optionally, operations), reload and graceful close.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';

import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type Logger, pino } from 'pino';

import { loadGatewayConfig } from './config/load-config.js';
import type { GatewayConfig } from './config/types.js';
import { createContext } from './context.js';
import { createDecider, type Decider } from './decider.js';
import { registerForwardAuth } from './forward-auth.js';
import { createMetrics } from './metrics.js';
import { registerOperations } from './operations.js';
import { registerReverseProxy } from './reverse-proxy.js';

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Path of the rules file (YAML or JSON). Read again by {@link Gateway.reload}. */
  config: string;
  /** Reverse-proxy mode: forward checked requests here. Overrides the file's `upstream`. */
  upstream?: string;
  /** Values for `${NAME}` in the file. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A pino logger. Default: JSON lines on stdout at `info`. */
  logger?: Logger;
  /** Fetch for discovery and keys. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** A running gateway. */
export interface Gateway {
  readonly mode: 'forward-auth' | 'reverse-proxy';
  /** `http://host:port` of the main listener. */
  readonly url: string;
  /** Base URL of `/healthz`, `/readyz`, `/metrics` (with the path prefix when they share the main port). */
  readonly operationsUrl: string;
  /** The rules file in force. */
  readonly config: GatewayConfig;
  /**
   * Reads the rules file again and swaps it in whole. A file that fails to load is refused and logged,
   * and the rules in force stay. Listen addresses and `upstream` need a restart.
   * @returns whether the new file is in force.
   */
  reload(): Promise<boolean>;
  /** Stops accepting requests, finishes those in flight, closes. Safe to call twice. */
  close(): Promise<void>;
}

function urlOf(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function createServer(logger: Logger): FastifyInstance {
  const app = Fastify({
    // No request logger: Fastify would make a pino child per request, and a log line costs more than a
    // decision. Denials are logged by failure-log.ts; an unexpected error by the handler below.
    logger: false,
    // Draining: requests already on a connection are still answered (with `Connection: close`), so a
    // proxy in front never sees a 503 from a replica that is shutting down.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // A URL Fastify cannot decode: a fixed answer (its own message quotes the URL).
    frameworkErrors(_error, _request, reply) {
      (reply as FastifyReply)
        .code(400)
        .header('cache-control', 'no-store')
        .send({ error: 'Request URL is malformed' });
    },
  });
  app.setErrorHandler(function unexpectedError(error, request, reply) {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      logger.error({ event: 'error', method: request.method, error: String(error) }, 'request failed');
    }
    // Fixed texts: an error message may quote the request.
    return reply.code(status).send({ error: status >= 500 ? 'Internal server error' : 'Bad request' });
  });
  return app;
}

/**
 * Loads the rules file, creates the guard (nothing fetched yet; a warm-up fetch of the keys starts in the
 * background) and starts listening.
 *
 * @throws {GatewayConfigError} when the file cannot be used.
 * @example
 * ```ts
 * const gateway = await startGateway({ config: 'gateway.yaml', upstream: 'http://127.0.0.1:8000' })
 * process.on('SIGTERM', () => gateway.close())
 * ```
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const file = options.config;
  const env = options.env ?? process.env;
  const logger = options.logger ?? pino({ name: 'logto-guard-gateway' });
  const metrics = createMetrics(() => decider.guard.keySets());
  const load = (previous?: Decider) =>
    createDecider(loadGatewayConfig(file, env), { file, metrics, logger, previous, fetch: options.fetch });
  let decider = load();
  let draining = false;
  const { config } = decider;
  const upstream = options.upstream ?? config.upstream;
  const context = createContext(
    metrics,
    () => decider,
    () => draining,
  );

  const app = createServer(logger);
  const operationsApp = config.operations.port === undefined ? undefined : createServer(logger);
  const prefix = operationsApp === undefined ? config.operations.pathPrefix : '';
  registerOperations(operationsApp ?? app, context, prefix);
  if (upstream === undefined) registerForwardAuth(app, context, config.forwardAuth.path);
  else await registerReverseProxy(app, context, upstream);

  await app.listen({ host: config.listen.host, port: config.listen.port });
  if (operationsApp !== undefined) {
    await operationsApp.listen({ host: config.operations.host, port: config.operations.port });
  }
  void decider.guard.warmUp(); // never rejects; /readyz reports the outcome
  const url = urlOf(app);
  const operationsUrl = operationsApp === undefined ? `${url}${prefix}` : urlOf(operationsApp);
  const mode = upstream === undefined ? 'forward-auth' : 'reverse-proxy';
  logger.info(
    { event: 'listening', mode, url, operationsUrl, rules: config.rules.length },
    'gateway started',
  );

  let closing: Promise<void> | undefined;
  return {
    mode,
    url,
    operationsUrl,
    get config() {
      return decider.config;
    },
    async reload() {
      try {
        const next = load(decider);
        // A new guard (its options changed) loads its keys before it takes over, so requests and /readyz
        // do not wait for them; a failure is the issuer's, not the file's: the new rules apply anyway.
        if (next.guard !== decider.guard) await next.guard.warmUp();
        decider = next;
        logger.info({ event: 'reloaded', rules: decider.config.rules.length }, 'rules reloaded');
        return true;
      } catch (error) {
        logger.error({ event: 'reload_refused', error: (error as Error).message }, 'rules file refused');
        return false;
      }
    },
    close() {
      draining = true;
      closing ??= Promise.all([app.close(), operationsApp?.close()]).then(() => {
        logger.info({ event: 'closed' }, 'gateway stopped');
      });
      return closing;
    },
  };
}
