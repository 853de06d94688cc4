/**
 * `logto-guard token`: a machine-to-machine access token by the client credentials grant.
 *
 * @module
 */

import {
  requestClientCredentialsToken,
  requestUserToken,
  SignInFlowError,
  TokenRequestError,
} from '@logto-guard/dev-issuer';
import { parseFlags } from '@logto-guard/dev-issuer/cli';
import { parseEndpoint } from '../endpoint.js';
import { describeCauses } from '../error-chain.js';
import { type Io, readAll } from '../io.js';
import { splitScopes } from '../split-scopes.js';
import { UsageError } from '../usage-error.js';

/** The environment variable the client secret is read from when --client-secret is absent. */
const SECRET_VARIABLE = 'LOGTO_CLIENT_SECRET';

/** Help of `logto-guard token`. */
export const TOKEN_USAGE = `Usage: logto-guard token --endpoint <url> --client-id <id> [--client-secret - | <secret>] [options]

Gets a machine-to-machine access token with the client credentials grant (POST <endpoint>/oidc/token)
from a Logto tenant or the local dev issuer, and prints it alone (TOKEN=$(logto-guard token ...)).

Options:
  --endpoint <url>        Logto endpoint, e.g. https://<tenant>.logto.app or http://127.0.0.1:3001
  --client-id <id>        the machine-to-machine application's id
  --client-secret -       read its secret from stdin (first line); without the flag, from the
                          environment variable ${SECRET_VARIABLE}. A secret given as the value
                          (--client-secret <s>) is visible to other users in ps: only for dev secrets
  --resource <indicator>  API resource indicator (the token's aud); without it, no JWT for an API
  --scope <names>         permissions to ask for (repeatable or space-separated); none asked: none granted
  --organization <id>     organization id: an organization token, or with --resource an
                          organization-level API token
  --user <username>       instead of an app: sign in as a seeded user of the local dev issuer (its
  --password <password>   sign-in form, as the seeded single-page app, or --client-id); a user token
  --json                  print the whole token response as JSON
  --allow-insecure-http   allow http: on hosts other than localhost
  -h, --help              show this help

Exit codes: 0 token printed, 1 the request failed or granted none of the requested scopes, 2 usage error.`;

const timeoutMs = 15_000;

const errorHints: Record<string, string> = {
  invalid_client: 'check --client-id and --client-secret (a machine-to-machine application of this tenant)',
  invalid_target:
    'check --resource: it must be the identifier of an API resource of this tenant; an organization token needs --organization',
  invalid_scope: "the application's roles do not grant these permissions for this resource",
  access_denied: 'with --organization, the application must be a member of that organization',
  unauthorized_client: 'the application must be a machine-to-machine application to use client credentials',
  invalid_response: 'is --endpoint the Logto endpoint? The token endpoint is <endpoint>/oidc/token',
};

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`, 'token');
  return value;
}

/** The secret: `-` reads stdin's first line, no flag reads the environment, else the flag's value. */
async function readSecret(value: string | undefined, io: Io): Promise<string> {
  const secret =
    value === '-' ? (await readAll(io.stdin)).split(/\r?\n/)[0]?.trim() : (value ?? io.env[SECRET_VARIABLE]);
  if (secret === undefined || secret === '') {
    const source = value === '-' ? 'stdin is empty' : `neither --client-secret nor ${SECRET_VARIABLE} is set`;
    throw new UsageError(`no client secret: ${source} (--client-secret - reads it from stdin)`, 'token');
  }
  return secret;
}

/** Requested scopes the response does not grant; all of them when it grants none. */
function missingScopes(requested: readonly string[], granted: string | undefined): string[] {
  const grantedSet = new Set(splitScopes(granted === undefined ? [] : [granted]));
  return requested.filter((scope) => !grantedSet.has(scope));
}

function reportFailure(error: TokenRequestError, tokenEndpoint: string, io: Io): void {
  if (error.status === 0) {
    io.err(`error: cannot reach ${tokenEndpoint}: ${describeCauses(error.cause ?? error)}`);
    io.err('hint: check --endpoint and that the issuer is running');
    return;
  }
  io.err(`error: ${error.error}: ${error.errorDescription ?? 'no description'} (HTTP ${error.status})`);
  const hint = errorHints[error.error];
  if (hint !== undefined) io.err(`hint: ${hint}`);
}

/**
 * Runs `logto-guard token`. Resolves with the exit code: 0 when the token is printed (a warning on
 * stderr names requested scopes that were not granted), 1 when the token endpoint refused or could not
 * be reached (the OAuth error goes to stderr) or granted none of the requested scopes.
 *
 * The secret comes from `--client-secret -` (stdin), `LOGTO_CLIENT_SECRET`, or the flag's value.
 * Does NOT cache tokens.
 *
 * @throws {UsageError} for a wrong command line (exit 2).
 *
 * @example
 * ```ts
 * await tokenCommand(['--endpoint', 'http://127.0.0.1:3001', '--client-id', 'm2m-read-only',
 *   '--client-secret', 'm2m-read-only-secret', '--resource', 'https://api.example.com', '--scope', 'api:read'], io)
 * ```
 */
export async function tokenCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values } = parseFlags(
    argv,
    {
      endpoint: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      resource: { type: 'string' },
      scope: { type: 'string', multiple: true },
      organization: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      json: { type: 'boolean' },
      'allow-insecure-http': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    io.out(TOKEN_USAGE);
    return 0;
  }
  const endpoint = parseEndpoint(
    required(values.endpoint, '--endpoint'),
    'token',
    values['allow-insecure-http'] ?? false,
  );
  const tokenEndpoint = `${endpoint}/oidc/token`;
  const scopes = splitScopes(values.scope);
  const target = {
    ...(values.resource === undefined ? {} : { resource: values.resource }),
    ...(scopes.length === 0 ? {} : { scope: scopes }),
    ...(values.organization === undefined ? {} : { organizationId: values.organization }),
    signal: AbortSignal.timeout(timeoutMs),
  };
  const fetchToken =
    values.user === undefined
      ? async () =>
          requestClientCredentialsToken({
            tokenEndpoint,
            clientId: required(values['client-id'], '--client-id'),
            clientSecret: await readSecret(values['client-secret'], io),
            ...target,
          })
      : () =>
          requestUserToken({
            endpoint,
            username: values.user!,
            password: required(values.password, '--password'),
            ...(values['client-id'] === undefined ? {} : { clientId: values['client-id'] }),
            ...target,
          });
  try {
    const response = await fetchToken();
    const missing = missingScopes(scopes, response.scope);
    if (scopes.length > 0 && missing.length === scopes.length) {
      // A token without any requested scope is refused by every route that needs one: not a success.
      io.err(
        `error: none of the requested scopes was granted (requested: ${scopes.join(' ')}); no token printed`,
      );
      io.err(`hint: ${errorHints.invalid_scope} (Logto grants the requested scopes the roles allow)`);
      return 1;
    }
    if (missing.length > 0) io.err(`warning: not granted: ${missing.join(' ')}`);
    io.out(values.json ? JSON.stringify(response, null, 2) : response.access_token);
    return 0;
  } catch (error) {
    if (error instanceof SignInFlowError) {
      io.err(`error: the dev issuer's sign-in form refused --user ${values.user} (HTTP ${error.status})`);
      io.err('hint: check --user and --password (a seeded user of the local dev issuer)');
      return 1;
    }
    if (!(error instanceof TokenRequestError)) throw error;
    reportFailure(error, tokenEndpoint, io);
    return 1;
  }
}
