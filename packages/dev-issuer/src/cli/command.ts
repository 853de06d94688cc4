/**
 * The dev issuer's command line, the only one: `logto-dev-issuer` runs it, and `logto-guard dev`
 * wraps it (its own name in messages, its own commands in the banner). Flags, banner, signals
 * (SIGINT/SIGTERM stop, SIGUSR2 rotates the signing key) and exit codes live here.
 *
 * @module
 */
import { DevIssuerConfigError } from '../errors.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../provider/keys.js';
import { type DevIssuer, type DevIssuerOptions, startDevIssuer } from '../start-dev-issuer.js';
import { describeDevIssuer } from './banner.js';
import { CommandLineError, integerFlag, parseFlags } from './flags.js';
import { findFreePortNear } from './free-port.js';

/**
 * Where a command writes: lines to standard output (results, the banner) and standard error (messages).
 *
 * @example
 * ```ts
 * const io: CommandIo = { out: (text) => console.log(text), err: (text) => console.error(text) };
 * ```
 */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Options of {@link runDevIssuerCommand}.
 *
 * @example
 * ```ts
 * await runDevIssuerCommand(process.argv.slice(2), { name: 'logto-guard dev' });
 * ```
 */
export interface DevIssuerCommandOptions {
  /** The command as the user typed it, for help and messages. Default `logto-dev-issuer`. */
  name?: string;
  /** Default: the process's standard output and error. */
  io?: CommandIo;
  /** Commands of the wrapping tool to suggest in the banner, built from the running issuer. */
  tryCommands?: (issuer: DevIssuer) => readonly string[];
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'base-url': { type: 'string' },
  config: { type: 'string' },
  alg: { type: 'string' },
  ttl: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DEFAULT_PORT = 3001;
const DEFAULT_HOST = '127.0.0.1';

/**
 * Help of the command, under the name it was called by.
 *
 * @example
 * ```ts
 * console.log(devIssuerUsage('logto-guard dev'));
 * ```
 */
export function devIssuerUsage(name = 'logto-dev-issuer'): string {
  return `Usage: ${name} [options]

Starts a local issuer that behaves like Logto for machine-to-machine tokens (discovery, JWKS and
token endpoint under <url>/oidc; ES384 at+jwt tokens), prints its endpoints and the applications'
credentials, and runs until Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port <n>         port (default 3001, Logto's; 0 picks a free one)
  --host <host>      interface (default 127.0.0.1)
  --base-url <url>   public base URL, e.g. http://localhost:3001 (issuer = <url>/oidc)
  --config <file>    world file, JSON or YAML (default: the built-in demo world)
  --alg <alg>        ${SIGNING_ALGORITHMS.join(' or ')} (default ES384, Logto's default)
  --ttl <seconds>    access token lifetime (default 3600)
  -h, --help         show this help

Signals: SIGUSR2 rotates the signing key (the previous key stays in the JWKS); SIGINT, SIGTERM stop.
Exit codes: 0 stopped by a signal, 1 could not start (port in use), 2 usage error or bad world file.`;
}

/**
 * What the command line asks for: issuer options, or help.
 *
 * @example
 * ```ts
 * const command: DevIssuerCommandLine = parseDevIssuerArgs(['--port', '0']);
 * ```
 */
export type DevIssuerCommandLine = { help: true } | { help: false; options: DevIssuerOptions };

/**
 * Parses the command's flags.
 *
 * @throws {@link CommandLineError} for an unknown flag (naming the nearest known one) or a bad value.
 *
 * @example
 * ```ts
 * parseDevIssuerArgs(['--port', '0', '--alg', 'rs256']);
 * // { help: false, options: { port: 0, alg: 'RS256' } }
 * ```
 */
export function parseDevIssuerArgs(argv: readonly string[]): DevIssuerCommandLine {
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) return { help: true };
  const alg = values.alg?.toUpperCase();
  if (alg !== undefined && !SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)) {
    throw new CommandLineError(
      `--alg must be ${SIGNING_ALGORITHMS.join(' or ')}, got ${JSON.stringify(values.alg)}`,
    );
  }
  const port = integerFlag(values.port, '--port', 0, 65_535);
  const ttl = integerFlag(values.ttl, '--ttl', 1, 86_400 * 365);
  const options: DevIssuerOptions = {
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(alg === undefined ? {} : { alg: alg as SigningAlgorithm }),
    ...(ttl === undefined ? {} : { accessTokenTtl: ttl }),
  };
  return { help: false, options };
}

/** The signals the command reacts to, listened for from the start: a signal without a listener kills. */
function listenForSignals(onRotate: () => void): { stopped: Promise<NodeJS.Signals>; dispose(): void } {
  let dispose = () => {};
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    const onStop = (signal: NodeJS.Signals) => {
      dispose();
      resolve(signal);
    };
    dispose = () => {
      process.off('SIGINT', onStop);
      process.off('SIGTERM', onStop);
      if (process.platform !== 'win32') process.off('SIGUSR2', onRotate);
    };
    process.on('SIGINT', onStop);
    process.on('SIGTERM', onStop);
    if (process.platform !== 'win32') process.on('SIGUSR2', onRotate);
  });
  return { stopped, dispose };
}

/** Starts the issuer; a port that cannot be bound is explained (with a port checked free) → undefined. */
async function start(options: DevIssuerOptions, name: string, io: CommandIo): Promise<DevIssuer | undefined> {
  try {
    return await startDevIssuer(options);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw error;
    const host = options.host ?? DEFAULT_HOST;
    const port = options.port ?? DEFAULT_PORT;
    const reason = error instanceof Error ? error.message : String(error);
    io.err(`error: cannot listen on ${host}:${port}: ${reason}`);
    if (code === 'EADDRINUSE') {
      const free = await findFreePortNear(port, host);
      io.err(
        free === undefined
          ? `hint: ${name} --port 0 picks a free port`
          : `hint: port ${free} is free now: ${name} --port ${free} (or --port 0 for any free port)`,
      );
    } else {
      io.err(`hint: check --host; --port 0 picks a free port`);
    }
    return undefined;
  }
}

const processIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * Runs the command line `argv`: starts the dev issuer, prints the banner, rotates the signing key on
 * SIGUSR2, and resolves with the exit code once SIGINT or SIGTERM has closed it: 0 after a signal or
 * `--help`, 1 when it cannot listen (the message names a port that was free when checked), 2 for a
 * usage error or an invalid world file. Prints errors as lines, never a stack trace.
 *
 * @example
 * ```ts
 * process.exitCode = await runDevIssuerCommand(process.argv.slice(2));
 * ```
 */
export async function runDevIssuerCommand(
  argv: readonly string[],
  options: DevIssuerCommandOptions = {},
): Promise<number> {
  const name = options.name ?? 'logto-dev-issuer';
  const io = options.io ?? processIo;
  let command: DevIssuerCommandLine;
  try {
    command = parseDevIssuerArgs(argv);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    io.err(`error: ${error.message} (see ${name} --help)`);
    return 2;
  }
  if (command.help) {
    io.out(devIssuerUsage(name));
    return 0;
  }

  let issuer: DevIssuer | undefined;
  const rotate = () => {
    if (issuer === undefined) return;
    issuer.rotateKeys().then(
      (key) => io.out(`Rotated signing key: ${key.alg}, kid ${key.kid} (the previous key stays in the JWKS)`),
      (error: unknown) => io.err(`error: key rotation failed: ${String(error)}`),
    );
  };
  const signals = listenForSignals(rotate);
  try {
    issuer = await start(command.options, name, io);
  } catch (error) {
    signals.dispose();
    if (!(error instanceof DevIssuerConfigError)) throw error;
    io.err(error.message);
    return 2;
  }
  if (issuer === undefined) {
    signals.dispose();
    return 1;
  }
  io.out(
    describeDevIssuer(issuer, {
      tryCommands: options.tryCommands?.(issuer) ?? [],
      ...(process.platform === 'win32' ? {} : { pid: process.pid }),
    }),
  );
  const signal = await signals.stopped;
  await issuer.close();
  io.err(`dev issuer stopped (${signal})`);
  return 0;
}
