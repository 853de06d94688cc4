import { parseArgs } from 'node:util';

import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../provider/keys.js';
import { type DevIssuer, type DevIssuerOptions, startDevIssuer } from '../start-dev-issuer.js';
import type { World } from '../world/config.js';

/**
 * Usage text of `logto-dev-issuer`.
 *
 * @example
 * ```ts
 * console.log(CLI_USAGE);
 * ```
 */
export const CLI_USAGE = `Usage: logto-dev-issuer [options]

A local issuer that behaves like Logto for machine-to-machine tokens (client_credentials).

Options:
  --port <n>        port to listen on (default 3001; 0 = random)
  --host <host>     interface to listen on (default 127.0.0.1)
  --base-url <url>  public base URL, e.g. http://localhost:3001 (issuer = <url>/oidc)
  --config <file>   world config, JSON or YAML (default: the built-in demo world)
  --alg <alg>       ES384 (default, like Logto) or RS256
  --ttl <seconds>   access token lifetime (default 3600)
  -h, --help        show this help

Signals: SIGUSR2 rotates the signing key (the previous key stays in the JWKS).`;

/**
 * What the command line asks for: issuer options, or help.
 *
 * @example
 * ```ts
 * const command: CliCommand = parseCliArgs(process.argv.slice(2));
 * if (!command.help) await startDevIssuer(command.options);
 * ```
 */
export type CliCommand = { help: true } | { help: false; options: DevIssuerOptions };

function parseInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new TypeError(`${flag} expects a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * Parses `logto-dev-issuer` arguments.
 *
 * @throws `TypeError` for unknown flags or invalid values.
 *
 * @example
 * ```ts
 * parseCliArgs(['--port', '0', '--alg', 'RS256']);
 * // { help: false, options: { port: 0, alg: 'RS256' } }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'base-url': { type: 'string' },
      config: { type: 'string' },
      alg: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const alg = values.alg?.toUpperCase();
  if (alg !== undefined && !SIGNING_ALGORITHMS.includes(alg as SigningAlgorithm)) {
    throw new TypeError(`--alg expects ES384 or RS256, got ${JSON.stringify(values.alg)}`);
  }
  const options: DevIssuerOptions = {};
  const port = parseInteger(values.port, '--port');
  const ttl = parseInteger(values.ttl, '--ttl');
  if (port !== undefined) options.port = port;
  if (ttl !== undefined) options.accessTokenTtl = ttl;
  if (values.host !== undefined) options.host = values.host;
  if (values['base-url'] !== undefined) options.baseUrl = values['base-url'];
  if (values.config !== undefined) options.config = values.config;
  if (alg !== undefined) options.alg = alg as SigningAlgorithm;
  return { help: false, options };
}

/**
 * The banner printed at start: endpoints and the seeded M2M credentials with what they grant.
 *
 * @example
 * ```ts
 * console.log(describeDevIssuer(issuer));
 * ```
 */
export function describeDevIssuer(issuer: DevIssuer): string {
  const { world } = issuer;
  const app = (application: World['applications'][number]) => {
    const memberships = application.organizations.map(
      (org) => `${org.id} (${org.roles.join(', ') || 'no role'})`,
    );
    return [
      `  ${application.name}`,
      `    client_id:     ${application.id}`,
      `    client_secret: ${application.secret}`,
      `    roles:         ${application.roles.join(', ') || '-'}`,
      `    organizations: ${memberships.join('; ') || '-'}`,
    ].join('\n');
  };
  return [
    `Logto dev issuer listening on ${issuer.url}`,
    `  issuer:    ${issuer.issuer}`,
    `  discovery: ${issuer.discoveryUrl}`,
    `  jwks:      ${issuer.jwksUri}`,
    `  token:     ${issuer.tokenEndpoint}`,
    `  signing:   ${issuer.currentKey.alg} kid=${issuer.currentKey.kid}`,
    `API resources: ${world.resources.map((resource) => resource.indicator).join(', ') || '-'}`,
    'Machine-to-machine applications (development credentials):',
    ...world.applications.map(app),
    'Example:',
    `  curl -s -u ${world.applications[0]?.id ?? '<id>'}:${world.applications[0]?.secret ?? '<secret>'} ${issuer.tokenEndpoint} \\`,
    `    -d grant_type=client_credentials -d resource=${world.resources[0]?.indicator ?? '<indicator>'} -d 'scope=...'`,
  ].join('\n');
}

/**
 * Runs the CLI: starts the issuer, prints the banner, rotates keys on SIGUSR2, closes on
 * SIGINT/SIGTERM. Resolves with the running issuer (or `undefined` after `--help`).
 *
 * @example
 * ```ts
 * const issuer = await runCli(['--port', '0']);
 * await issuer?.close();
 * ```
 */
export async function runCli(
  argv: readonly string[],
  print: (line: string) => void = (line) => console.log(line),
): Promise<DevIssuer | undefined> {
  const command = parseCliArgs(argv);
  if (command.help) {
    print(CLI_USAGE);
    return undefined;
  }
  const issuer = await startDevIssuer(command.options);

  const rotate = () => {
    issuer.rotateKeys().then(
      (key) => print(`Rotated signing key: ${key.alg} kid=${key.kid} (previous key still published)`),
      (error: unknown) => print(`Key rotation failed: ${String(error)}`),
    );
  };
  const closeServer = issuer.close.bind(issuer);
  const close = () => {
    process.off('SIGUSR2', rotate);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    return closeServer();
  };
  const stop = () => {
    close().catch((error: unknown) => print(`Close failed: ${String(error)}`));
  };
  process.on('SIGUSR2', rotate);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed once the signal handlers are in place: a caller may signal as soon as it reads the banner.
  print(describeDevIssuer(issuer));
  return Object.assign(issuer, { close });
}
