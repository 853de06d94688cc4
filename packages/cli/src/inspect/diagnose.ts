/**
 * `inspect`'s analysis: decode without trust, let the core decide, explain every check.
 *
 * @module
 */
import { LOGTO_ALGORITHMS } from 'logto-guard';
import { buildPolicy, CHECK_OF_CODE, type CoreVerdict, type InspectGuards, runCore } from './core-verdict.js';
import { audienceOrganization, decodeToken, fitsModel, looksLikeIdToken } from './decode-token.js';
import { type Check, type Diagnosis, MODEL_TITLES, type ModelName, type TokenKind } from './diagnosis.js';
import { audienceCheck, modelCheck, organizationCheck, scopesCheck } from './policy-checks.js';
import {
  algorithmCheck,
  type CheckContext,
  claimsCheck,
  expiryCheck,
  formatCheck,
  issuerCheck,
  typCheck,
} from './token-checks.js';

/** What `inspect` was asked to check. */
export interface InspectSettings {
  /** The core's guards; undefined when no issuer was given (nothing can be verified). */
  guards: InspectGuards | undefined;
  /** `--decode-only`: without guards, report `decoded` instead of `not-verified`. */
  decodeOnly: boolean;
  audiences: readonly string[];
  organization: string | undefined;
  scopes: readonly string[];
  /** `--model`; undefined to choose it from the flags, then from the token. */
  model: ModelName | undefined;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * The model to check against: `--model`; else organization models when `--organization` is given
 * (organization permissions if the token's `aud` is an organization, else organization-level API);
 * else global when `--audience` is given; else the model the token fits.
 */
export function chooseModel(
  claims: Record<string, unknown>,
  settings: Pick<InspectSettings, 'model' | 'organization' | 'audiences'>,
): { model: ModelName; source: CheckContext['modelSource'] } {
  if (settings.model !== undefined) return { model: settings.model, source: 'flag' };
  if (settings.organization !== undefined) {
    const organization = audienceOrganization(claims.aud) !== undefined;
    return { model: organization ? 'organization' : 'organization-api', source: 'flags' };
  }
  if (settings.audiences.length > 0) return { model: 'global', source: 'flags' };
  return { model: fitsModel(claims), source: 'token' };
}

function signatureWithoutIssuer(): Check {
  return {
    name: 'signature',
    status: 'skip',
    detail: 'not checked: no issuer given',
    hint: 'pass --endpoint <your Logto endpoint> (or --issuer): the keys come from <endpoint>/oidc/jwks',
  };
}

/** The core's failure decides its row: that row fails, with the core's words if the explanation missed it. */
function applyCoreVerdict(checks: Check[], core: CoreVerdict): void {
  const { error } = core;
  if (error === undefined) return;
  const row = checks.find((check) => check.name === CHECK_OF_CODE[error.code]);
  if (row === undefined || row.status === 'fail') return;
  row.status = 'fail';
  row.detail = `${error.message} (${error.code})`;
  delete row.hint;
}

function verdictOf(
  settings: InspectSettings,
  core: CoreVerdict | undefined,
  checks: readonly Check[],
  model: ModelName,
): Pick<Diagnosis, 'valid' | 'verdict' | 'code' | 'message'> {
  if (core === undefined && settings.decodeOnly) {
    return { valid: false, verdict: 'decoded', code: null, message: 'nothing was verified (--decode-only)' };
  }
  if (core === undefined) {
    const message =
      'the signature and issuer were not checked: pass --endpoint or --issuer (or --decode-only)';
    return { valid: false, verdict: 'not-verified', code: null, message };
  }
  if (core.error !== undefined) {
    return { valid: false, verdict: 'rejected', code: core.error.code, message: core.error.message };
  }
  const skipped = checks.filter((check) => check.status === 'skip').map((check) => check.name);
  const notChecked = skipped.length > 0 ? ` (not checked: ${skipped.join(', ')})` : '';
  return {
    valid: true,
    verdict: 'valid',
    code: null,
    message: `accepted for the ${MODEL_TITLES[model]} model${notChecked}`,
  };
}

function kindOf(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  checks: readonly Check[],
): TokenKind {
  if (looksLikeIdToken(header, claims)) return 'id-token';
  return checks.find((check) => check.name === 'typ')?.status === 'pass' ? 'access-token' : 'jwt';
}

/**
 * Inspects a token: decodes it without trust, runs the core (`guard.check` with the policy of the
 * chosen model) for the verdict, and explains each check with a hint for the known mistakes.
 *
 * Does NOT throw for a bad token: every problem is a row. Without guards nothing is verified and the
 * verdict is `not-verified` (or `decoded`).
 *
 * @example
 * ```ts
 * const report = await diagnose(token, { guards, decodeOnly: false, audiences: ['https://api.example.com'],
 *   organization: undefined, scopes: ['read:products'], model: undefined })
 * report.valid // true or false; report.checks explains why
 * ```
 */
export async function diagnose(token: string, settings: InspectSettings): Promise<Diagnosis> {
  const decoded = decodeToken(token);
  const format = formatCheck(decoded);
  const { guards } = settings;
  if (decoded.kind !== 'jwt') {
    const core = guards === undefined ? undefined : await runCore(token, guards, undefined);
    return {
      valid: false,
      verdict: 'rejected',
      code: core?.error?.code ?? null,
      message: format.detail,
      model: null,
      modelSource: null,
      fits: null,
      kind: decoded.kind,
      checks: [format],
      header: null,
      claims: null,
    };
  }
  const { header, claims } = decoded;
  const { model, source } = chooseModel(claims, settings);
  const context: CheckContext = {
    header,
    claims,
    issuers: guards?.strict.options.issuers ?? [],
    algorithms: guards?.strict.options.algorithms ?? LOGTO_ALGORITHMS,
    clockTolerance: guards?.strict.options.clockTolerance ?? 0,
    now: Math.floor((settings.now ?? Date.now)() / 1000),
    audiences: settings.audiences,
    organization: settings.organization,
    scopes: settings.scopes,
    model,
    modelSource: source,
  };
  const core =
    guards === undefined ? undefined : await runCore(token, guards, buildPolicy(model, settings, claims));
  const checks = [
    format,
    algorithmCheck(context),
    typCheck(context),
    core?.signature ?? signatureWithoutIssuer(),
    issuerCheck(context),
    expiryCheck(context),
    claimsCheck(context),
    audienceCheck(context),
    organizationCheck(context),
    scopesCheck(context),
    modelCheck(context),
  ];
  if (core !== undefined) applyCoreVerdict(checks, core);
  return {
    ...verdictOf(settings, core, checks, model),
    model,
    modelSource: source,
    fits: fitsModel(claims),
    kind: kindOf(header, claims, checks),
    checks,
    header,
    claims,
  };
}
