/**
 * `logto-guard inspect`: explain why a token is accepted or rejected.
 *
 * @module
 */
import { integerFlag, parseFlags } from '@logto-guard/dev-issuer/cli';
import { createGuard, type GuardOptions, LogtoGuardConfigError } from 'logto-guard';
import { parseEndpoint } from '../endpoint.js';
import type { InspectGuards } from '../inspect/core-verdict.js';
import { diagnose } from '../inspect/diagnose.js';
import type { ModelName } from '../inspect/diagnosis.js';
import { readToken } from '../inspect/read-token.js';
import { renderJson, renderTable } from '../inspect/render.js';
import type { Io } from '../io.js';
import { splitScopes } from '../split-scopes.js';
import { UsageError } from '../usage-error.js';

/** Help of `logto-guard inspect`. */
export const INSPECT_USAGE = `Usage: logto-guard inspect [<token> | -] [options]

Decodes a Logto access token without trusting it, verifies it with logto-guard's core, and explains
every check: format, algorithm, typ, signature, issuer, expiry, claims, audience, organization,
scopes and permission model, with a hint for each known mistake. The token comes from the argument,
or from stdin when it is "-" or absent.

Options:
  --endpoint <url>       Logto endpoint, e.g. https://<tenant>.logto.app (issuer <url>/oidc, keys by discovery)
  --issuer <url>         an accepted issuer (repeatable; custom domains have their own)
  --jwks-uri <url>       take the keys from this JWKS instead of discovery
  --audience <indicator> the API resource indicator of your API (repeatable)
  --organization <id>    the organization of the request (organization models)
  --scope <names>        permissions the route needs (repeatable or space-separated)
  --model <model>        global | organization | organization-api (default: from the flags, then the token)
  --clock-tolerance <s>  seconds of clock difference accepted on exp, iat, nbf (default 5, at most 60)
  --decode-only          without --endpoint/--issuer: only decode, exit 0
  --allow-insecure-http  accept http: URLs on hosts other than localhost
  --json                 print the report as JSON
  -h, --help             show this help

Exit codes: 0 valid (or decoded with --decode-only), 1 rejected or not verified, 2 usage error.`;

const models: readonly ModelName[] = ['global', 'organization', 'organization-api'];
// The core needs an audience to build a guard; each route policy names its own, so this one is unused.
const placeholderAudience = 'urn:logto-guard:cli:audience-from-policy';
const flagOfOption: Record<string, string> = {
  endpoint: '--endpoint',
  issuer: '--issuer',
  jwksUri: '--jwks-uri',
  audience: '--audience',
};

function createGuards(options: GuardOptions): InspectGuards {
  try {
    return {
      strict: createGuard(options),
      lenient: createGuard({ ...options, requireAccessTokenType: false }),
    };
  } catch (error) {
    if (!(error instanceof LogtoGuardConfigError)) throw error;
    const message = error.message.replace(
      /options\.(\w+)/g,
      (_, option: string) => flagOfOption[option] ?? option,
    );
    throw new UsageError(message, 'inspect');
  }
}

function guardsFromFlags(values: {
  endpoint?: string | undefined;
  issuer?: string[] | undefined;
  'jwks-uri'?: string | undefined;
  'allow-insecure-http'?: boolean | undefined;
  'clock-tolerance'?: string | undefined;
}): InspectGuards | undefined {
  const allowInsecureHttp = values['allow-insecure-http'] ?? false;
  const clockTolerance = integerFlag(values['clock-tolerance'], '--clock-tolerance', 0, 60);
  const endpoint =
    values.endpoint === undefined ? undefined : parseEndpoint(values.endpoint, 'inspect', allowInsecureHttp);
  if (endpoint === undefined && values.issuer === undefined) {
    if (values['jwks-uri'] !== undefined)
      throw new UsageError('--jwks-uri needs --endpoint or --issuer', 'inspect');
    return undefined;
  }
  // `--issuer` adds to the endpoint's own issuer: custom domains are extra names of one tenant.
  const issuers = [
    ...new Set([...(endpoint === undefined ? [] : [`${endpoint}/oidc`]), ...(values.issuer ?? [])]),
  ];
  return createGuards({
    ...(endpoint === undefined ? {} : { endpoint }),
    issuer: issuers,
    ...(values['jwks-uri'] === undefined ? {} : { jwksUri: values['jwks-uri'] }),
    audience: placeholderAudience,
    allowInsecureHttp,
    ...(clockTolerance === undefined ? {} : { clockTolerance }),
    tokenCache: false,
  });
}

/**
 * Runs `logto-guard inspect`. Resolves with the exit code: 0 valid (or decoded with `--decode-only`),
 * 1 rejected or not verified.
 *
 * @throws {UsageError} for a wrong command line (exit 2).
 *
 * @example
 * ```ts
 * const code = await inspectCommand(['--endpoint', 'http://127.0.0.1:3001', '--audience', 'https://api.example.com', token], io)
 * ```
 */
export async function inspectCommand(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      endpoint: { type: 'string' },
      issuer: { type: 'string', multiple: true },
      'jwks-uri': { type: 'string' },
      audience: { type: 'string', multiple: true },
      organization: { type: 'string' },
      scope: { type: 'string', multiple: true },
      model: { type: 'string' },
      'clock-tolerance': { type: 'string' },
      'decode-only': { type: 'boolean' },
      'allow-insecure-http': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.out(INSPECT_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('inspect takes one token', 'inspect');
  const model = values.model;
  if (model !== undefined && !models.includes(model as ModelName)) {
    throw new UsageError(`--model must be one of ${models.join(', ')}`, 'inspect');
  }
  if (values.organization === '' || values.audience?.includes('')) {
    throw new UsageError('--organization and --audience must not be empty', 'inspect');
  }
  const guards = guardsFromFlags(values);
  const token = await readToken(positionals[0], io);
  const diagnosis = await diagnose(token, {
    guards,
    decodeOnly: values['decode-only'] ?? false,
    audiences: values.audience ?? [],
    organization: values.organization,
    scopes: splitScopes(values.scope),
    model: model as ModelName | undefined,
  });
  if (diagnosis.verdict === 'not-verified') {
    io.err('warning: the signature was not checked: pass --endpoint or --issuer (or --decode-only)');
  }
  io.out(values.json ? renderJson(diagnosis) : renderTable(diagnosis));
  return diagnosis.verdict === 'valid' || diagnosis.verdict === 'decoded' ? 0 : 1;
}
