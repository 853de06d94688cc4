/**
 * `logto-guard gateway`: a thin wrapper over `@logto-guard/gateway`'s command line.
 *
 * @module
 */
import { gatewayMain } from '@logto-guard/gateway';

import type { Io } from '../io.js';

/**
 * Runs `logto-guard gateway --config <file> [--upstream <url>]`; resolves with the exit code once the
 * gateway has stopped (0 after SIGTERM/SIGINT, 1 for an unusable rules file, 2 for a usage error).
 */
export function gatewayCommand(argv: readonly string[], io: Io): Promise<number> {
  return gatewayMain(argv, io);
}
