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

/**
 * Starts the gateway and ties it to the process: SIGTERM and SIGINT drain in-flight requests and exit 0;
 * SIGHUP reloads the rules file. Resolves with the gateway once it listens.
 *
 * @throws {GatewayConfigError} when the file cannot be used (nothing is listening then).
 */
export async function runGateway(options: RunGatewayOptions): Promise<Gateway> {
  const gateway = await startGateway(options);
  const stop = () => {
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.on('SIGHUP', () => {
    gateway.reload().catch(() => {});
  });
  return gateway;
}

/** The command line: `argv` without `node` and the script. Resolves with an exit code on failure. */
export async function gatewayMain(argv: readonly string[]): Promise<number | undefined> {
  let options: RunGatewayOptions | 'help';
  try {
    options = parseGatewayArgs(argv);
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${GATEWAY_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(GATEWAY_USAGE);
    return 0;
  }
  try {
    await runGateway(options);
    return undefined;
  } catch (error) {
    console.error(`error: ${error instanceof GatewayConfigError ? error.message : String(error)}`);
    return 1;
  }
}
