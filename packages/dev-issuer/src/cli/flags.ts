/**
 * Flag parsing shared by the `logto-dev-issuer` and `logto-guard` command lines: `node:util`
 * `parseArgs`, with usage errors as one line a user can act on.
 *
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

import { closestMatch } from 'leven';

/** The flags a command accepts, as `parseArgs` takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseFlags} returns: `parseArgs`' strict result, `values` typed by the flags. */
export type ParsedFlags<T extends FlagOptions, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: P }>
>;

/**
 * A wrong command line: unknown flag, missing value, bad value. Commands print its message as one
 * line and exit with 2.
 *
 * @example
 * ```ts
 * throw new CommandLineError('--port must be an integer from 0 to 65535');
 * ```
 */
export class CommandLineError extends Error {
  /** Always `ERR_COMMAND_LINE`. */
  readonly code = 'ERR_COMMAND_LINE';

  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

const isParseArgsError = (error: unknown): error is Error =>
  error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');

/**
 * Parses `args` against `options` (strict). An unknown flag is reported as
 * `unknown flag --prot, did you mean --port?`; any other `parseArgs` error as its own one-line message.
 *
 * @throws {@link CommandLineError} for every wrong command line.
 *
 * @example
 * ```ts
 * const { values } = parseFlags(['--port', '0'], { port: { type: 'string' } });
 * values.port; // '0'
 * ```
 */
export function parseFlags<const T extends FlagOptions, const P extends boolean = false>(
  args: readonly string[],
  options: T,
  allowPositionals?: P,
): ParsedFlags<T, P> {
  // A loose pass first: it consumes the values of known flags, so only real flags remain to be checked.
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option' && !Object.hasOwn(options, token.name)) {
      const known = Object.keys(options).map((name) => `--${name}`);
      const nearest = closestMatch(token.rawName.replace(/^-+/, '--'), known);
      throw new CommandLineError(
        `unknown flag ${token.rawName}${nearest ? `, did you mean ${nearest}?` : ''}`,
      );
    }
  }
  try {
    return parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: (allowPositionals ?? false) as P,
    });
  } catch (error) {
    if (isParseArgsError(error)) throw new CommandLineError(error.message.split('\n')[0]!);
    throw error;
  }
}

/**
 * An integer flag value within `[min, max]`, or undefined when the flag is absent.
 *
 * @throws {@link CommandLineError} naming the flag and the range.
 *
 * @example
 * ```ts
 * integerFlag('3001', '--port', 0, 65_535); // 3001
 * ```
 */
export function integerFlag(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new CommandLineError(
      `${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}
