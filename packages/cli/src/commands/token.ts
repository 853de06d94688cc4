/**
 * `logto-guard token`: a machine-to-machine access token by the client credentials grant.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { requestClientCredentialsToken, TokenRequestError } from '@logto-guard/dev-issuer';
import { parseEndpoint } from '../endpoint.js';
import { describeCauses } from '../error-chain.js';
import type { Io } from '../io.js';
import { splitScopes } from '../split-scopes.js';
import { UsageError } from '../usage-error.js';

/** Help of `logto-guard token`. */
export const TOKEN_USAGE = `Usage: logto-guard token --endpoint <url> --client-id <id> --client-secret <secret> [options]

Gets a machine-to-machine access token with the client credentials grant (POST <endpoint>/oidc/token)
from a Logto tenant or the local dev issuer, and prints it alone (TOKEN=$(logto-guard token ...)).

Options:
  --endpoint <url>        Logto endpoint, e.g. https://<tenant>.logto.app or http://127.0.0.1:3001
  --client-id <id>        the machine-to-machine application's id
  --client-secret <s>     its secret
  --resource <indicator>  API resource indicator (the token's aud); without it, no JWT for an API
  --scope <names>         permissions to ask for (repeatable or space-separated); none asked: none granted
  --organization <id>     organization id: an organization token, or with --resource an
                          organization-level API token
  --json                  print the whole token response as JSON
  --allow-insecure-http   allow http: on hosts other than localhost
  -h, --help              show this help

Exit codes: 0 token printed, 1 the request failed, 2 usage error.`;

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
 * Runs `logto-guard token`. Resolves with the exit code: 0 when the token is printed, 1 when the
 * token endpoint refused or could not be reached (the OAuth error goes to stderr).
 *
 * Does NOT read secrets from the environment or cache tokens.
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
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    strict: true,
    options: {
      endpoint: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      resource: { type: 'string' },
      scope: { type: 'string', multiple: true },
      organization: { type: 'string' },
      json: { type: 'boolean' },
      'allow-insecure-http': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
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
  try {
    const response = await requestClientCredentialsToken({
      tokenEndpoint,
      clientId: required(values['client-id'], '--client-id'),
      clientSecret: required(values['client-secret'], '--client-secret'),
      ...(values.resource === undefined ? {} : { resource: values.resource }),
      ...(scopes.length === 0 ? {} : { scope: scopes }),
      ...(values.organization === undefined ? {} : { organizationId: values.organization }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    io.out(values.json ? JSON.stringify(response, null, 2) : response.access_token);
    return 0;
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    reportFailure(error, tokenEndpoint, io);
    return 1;
  }
}
