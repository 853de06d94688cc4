/**
 * The `logto-guard` command: subcommand dispatch, help, version, exit codes.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { CommandLineError } from '@logto-guard/dev-issuer/cli';
import { devCommand } from './commands/dev.js';
import { gatewayCommand } from './commands/gateway.js';
import { inspectCommand } from './commands/inspect.js';
import { tokenCommand } from './commands/token.js';
import { describeCauses } from './error-chain.js';
import { type Io, processIo } from './io.js';
import { UsageError } from './usage-error.js';

/** Help of `logto-guard`. */
export const USAGE = `Usage: logto-guard <command> [options]

Commands:
  inspect [<token> | -]  explain why a Logto access token is accepted or rejected
  token                  get a machine-to-machine token (client credentials)
  dev                    start the local issuer that behaves like Logto
  gateway                protect any HTTP backend: nginx/Traefik/Envoy check or reverse proxy

Options:
  -h, --help             show this help (logto-guard <command> --help for a command's)
  -v, --version          print the version

Exit codes: 0 success (valid token), 1 rejected or failed, 2 usage error.`;

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const commands: Record<string, Command> = {
  inspect: inspectCommand,
  token: tokenCommand,
  dev: devCommand,
  gateway: gatewayCommand,
};

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(USAGE);
    return 2;
  }
  if (name === '-h' || name === '--help' || (name === 'help' && rest.length === 0)) {
    io.out(USAGE);
    return 0;
  }
  if (name === '-v' || name === '--version') {
    io.out(version());
    return 0;
  }
  if (name === 'help') return dispatch([rest[0] as string, '--help'], io);
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (command === undefined) throw new UsageError(`unknown command "${name}"`);
  return command(rest, io);
}

/**
 * Runs the command line `argv` (without `node` and the script) and resolves with the exit code:
 * 0 success, 1 a rejected token or a failed request, 2 a usage error. Never throws and never prints a
 * stack trace: unexpected errors are printed as one line and give 1.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2))
 * ```
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof CommandLineError) {
      const command = error instanceof UsageError ? error.command : argv[0];
      io.err(`error: ${error.message} (see logto-guard ${command === undefined ? '' : `${command} `}--help)`);
      return 2;
    }
    io.err(`error: ${describeCauses(error)}`);
    return 1;
  }
}
