/**
 * `logto-guard gateway`: a thin wrapper over `@logto-guard/gateway`'s command line.
 *
 * @module
 */
import type { Io } from '../io.js';

/**
 * Runs `logto-guard gateway --config <file> [--upstream <url>]`; resolves with the exit code once the
 * gateway has stopped (0 after SIGTERM/SIGINT, 1 for an unusable rules file, 2 for a usage error).
 * The gateway (Fastify, pino, prom-client) is loaded only when this command runs.
 */
export async function gatewayCommand(argv: readonly string[], io: Io): Promise<number> {
  const { gatewayMain } = await import('@logto-guard/gateway');
  return gatewayMain(argv, io);
}
