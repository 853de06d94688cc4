/**
 * The one error the commands throw on purpose: the command line is wrong (exit code 2).
 *
 * @module
 */

/**
 * A wrong command line: unknown flag, missing value, bad URL, bad config file. `main` prints the
 * message and the command's help pointer, and exits with 2.
 *
 * @example
 * ```ts
 * if (values['client-id'] === undefined) throw new UsageError('--client-id is required', 'token')
 * ```
 */
export class UsageError extends Error {
  /** Always `ERR_LOGTO_GUARD_USAGE`. */
  readonly code = 'ERR_LOGTO_GUARD_USAGE';
  /** The subcommand whose help to point at, if any. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
