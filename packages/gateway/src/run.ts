/**
 * Running the gateway as a process: signals and exit codes. The `logto-guard gateway` command and the
 * package's own `logto-guard-gateway` bin both call {@link runGateway}.
 *
 * @module
 */
import { parseArgs } from 'node:util';

import { GatewayConfigError } from './config/errors.js';
import { type Gateway, startGateway } from './gateway.js';

/** Options of {@link runGateway}. */
export interface RunGatewayOptions {
  /** Path of the rules file. */
  config: string;
  /** Reverse-proxy mode: the backend's base URL. */
  upstream?: string;
}

/** Usage of the command. */
export const GATEWAY_USAGE = `Usage: logto-guard gateway --config <gateway.yaml> [--upstream <http://127.0.0.1:8000>]

Checks every request against the rules file with logto-guard.
  --config <file>     rules file (YAML or JSON); \${NAME} in values reads the environment
  --upstream <url>    reverse-proxy mode: forward allowed requests to this backend
                      (without it: forward-auth mode, for nginx auth_request, Traefik, Envoy)
Signals: SIGTERM/SIGINT drain and stop; SIGHUP reloads the rules file (a bad file is refused).`;

/** Parses `--config`/`--upstream`; throws a `TypeError` with a usage message on a mistake. */
export function parseGatewayArgs(argv: readonly string[]): RunGatewayOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string', short: 'c' },
      upstream: { type: 'string', short: 'u' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.config === undefined) throw new TypeError('--config <file> is required');
  return { config: values.config, ...(values.upstream === undefined ? {} : { upstream: values.upstream }) };
}

/** A running gateway tied to the process; `stopped` resolves with the exit code after a SIGTERM/SIGINT. */
export interface RunningGateway {
  gateway: Gateway;
  stopped: Promise<number>;
}

/**
 * Starts the gateway and ties it to the process: SIGTERM and SIGINT drain in-flight requests and close
 * it (`stopped` resolves with 0); SIGHUP reloads the rules file. Resolves once it listens.
 *
 * @throws {GatewayConfigError} when the file cannot be used (nothing is listening then).
 */
export async function runGateway(options: RunGatewayOptions): Promise<RunningGateway> {
  const gateway = await startGateway(options);
  const reload = () => {
    gateway.reload().catch(() => {});
  };
  process.on('SIGHUP', reload);
  const stopped = new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      process.off('SIGHUP', reload);
      gateway.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return { gateway, stopped };
}

/** Where {@link gatewayMain} writes its messages (the CLI passes its own). */
export interface GatewayIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: GatewayIo = { out: (text) => console.log(text), err: (text) => console.error(text) };

/**
 * The command line (`argv` without `node` and the script): resolves with the exit code once the gateway
 * has stopped — 0 after a signal, 1 when the rules file cannot be used or the port is taken, 2 for a
 * usage error.
 */
export async function gatewayMain(argv: readonly string[], io: GatewayIo = consoleIo): Promise<number> {
  let options: RunGatewayOptions | 'help';
  try {
    options = parseGatewayArgs(argv);
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n\n${GATEWAY_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.out(GATEWAY_USAGE);
    return 0;
  }
  let running: RunningGateway;
  try {
    running = await runGateway(options);
  } catch (error) {
    io.err(`error: ${error instanceof GatewayConfigError ? error.message : String(error)}`);
    return 1;
  }
  return running.stopped;
}
