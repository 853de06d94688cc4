/**
 * `logto-guard dev`: the local issuer that behaves like Logto for machine-to-machine tokens.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import {
  type DevIssuer,
  DevIssuerConfigError,
  type DevIssuerOptions,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { describeCauses } from '../error-chain.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';

/** Help of `logto-guard dev`. */
export const DEV_USAGE = `Usage: logto-guard dev [options]

Starts a local issuer that behaves like Logto for machine-to-machine tokens (discovery, JWKS and
token endpoint under <url>/oidc; ES384 at+jwt tokens), prints its endpoints and the applications'
credentials, and runs until Ctrl+C (SIGINT) or SIGTERM.

Options:
  --port <n>         port (default 3001, Logto's; 0 picks a free one)
  --host <host>      interface (default 127.0.0.1)
  --config <file>    world file, JSON or YAML (default: the built-in demo world)
  --alg <alg>        ${SIGNING_ALGORITHMS.join(' or ')} (default ES384, Logto's default)
  --ttl <seconds>    access token lifetime (default 3600)
  -h, --help         show this help

Exit codes: 0 stopped by a signal, 1 could not start (port in use), 2 usage error or bad config file.`;

function integer(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max))
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}`, 'dev');
  return number;
}

function describeIssuer(issuer: DevIssuer): string {
  const { world } = issuer;
  const app = world.applications[0];
  const resource = world.resources[0];
  const lines = [
    `Logto dev issuer running at ${issuer.url}`,
    `  endpoint  ${issuer.url}  (--endpoint)`,
    `  issuer    ${issuer.issuer}`,
    `  jwks      ${issuer.jwksUri}`,
    `  token     ${issuer.tokenEndpoint}`,
    `  signing   ${issuer.currentKey.alg}, kid ${issuer.currentKey.kid}`,
    'API resources:',
    ...world.resources.map((api) => `  ${api.indicator}  ${api.permissions.join(' ') || '(no permissions)'}`),
    `Organizations: ${world.organizations.map((organization) => organization.id).join(', ') || '-'}`,
    'Applications (development credentials: client id / secret):',
    ...world.applications.map((application) => {
      const organizations = application.organizations.map((membership) => membership.id).join(', ');
      return `  ${application.id} / ${application.secret}  roles: ${application.roles.join(', ') || '-'}; organizations: ${organizations || '-'}`;
    }),
  ];
  if (app !== undefined && resource !== undefined) {
    lines.push(
      'Try:',
      `  TOKEN=$(logto-guard token --endpoint ${issuer.url} --client-id ${app.id} --client-secret ${app.secret} --resource ${resource.indicator} --scope '${resource.permissions.join(' ')}')`,
      `  logto-guard inspect --endpoint ${issuer.url} --audience ${resource.indicator} "$TOKEN"`,
    );
  }
  lines.push('Press Ctrl+C to stop.');
  return lines.join('\n');
}

/** Listens for SIGINT and SIGTERM from now on; `stop` stops listening. */
function listenForStopSignal(): { signal: Promise<NodeJS.Signals>; stop(): void } {
  let stop = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (received: NodeJS.Signals) => {
      stop();
      resolve(received);
    };
    stop = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { signal, stop };
}

async function start(options: DevIssuerOptions, io: Io): Promise<DevIssuer | undefined> {
  try {
    return await startDevIssuer(options);
  } catch (error) {
    if (error instanceof DevIssuerConfigError) throw new UsageError(error.message, 'dev');
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
      io.err(
        `error: cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 3001}: ${describeCauses(error)}`,
      );
      io.err('hint: pick another port with --port (0 picks a free one)');
      return undefined;
    }
    throw error;
  }
}

/**
 * Runs `logto-guard dev`: starts the dev issuer, prints its banner, and resolves with 0 once a SIGINT
 * or SIGTERM has closed it; with 1 when it cannot listen.
 *
 * Does NOT rotate keys or reload the config file while running.
 *
 * @throws {UsageError} for a wrong command line or an invalid config file (exit 2); the config error
 *   names the file and each problem with its path.
 *
 * @example
 * ```ts
 * const code = await devCommand(['--port', '0'], io) // resolves after SIGTERM
 * ```
 */
export async function devCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      alg: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(DEV_USAGE);
    return 0;
  }
  const alg = values.alg?.toUpperCase();
  if (alg !== undefined && !SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)) {
    throw new UsageError(`--alg must be ${SIGNING_ALGORITHMS.join(' or ')}`, 'dev');
  }
  const port = integer(values.port, '--port', 0, 65_535);
  const ttl = integer(values.ttl, '--ttl', 1, 86_400 * 365);
  const options: DevIssuerOptions = {
    ...(port === undefined ? {} : { port }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(alg === undefined ? {} : { alg: alg as SigningAlgorithm }),
    ...(ttl === undefined ? {} : { accessTokenTtl: ttl }),
  };
  // Listen before starting: whoever reads the banner may signal at once, and a signal with no
  // listener would kill the process instead of closing the issuer.
  const stopSignal = listenForStopSignal();
  let issuer: DevIssuer | undefined;
  try {
    issuer = await start(options, io);
  } finally {
    if (issuer === undefined) stopSignal.stop();
  }
  if (issuer === undefined) return 1;
  io.out(describeIssuer(issuer));
  const signal = await stopSignal.signal;
  await issuer.close();
  io.err(`dev issuer stopped (${signal})`);
  return 0;
}
