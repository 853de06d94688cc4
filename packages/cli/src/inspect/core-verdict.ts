/**
 * The verdict, from logto-guard's core: the same `verify` and `check` an API runs.
 *
 * @module
 */
import {
  type Guard,
  globalApi,
  LogtoGuardError,
  type LogtoGuardErrorCode,
  organizationApi,
  organizationPermissions,
  type Policy,
} from 'logto-guard';
import { describeCauses } from '../error-chain.js';
import { audienceList, audienceOrganization } from './decode-token.js';
import type { Check, CheckName, ModelName } from './diagnosis.js';

/** The guards `inspect` runs: `strict` gives the verdict; `lenient` (no `typ` rule) explains ID tokens. */
export interface InspectGuards {
  strict: Guard;
  lenient: Guard;
}

/** What the core said: the failure (undefined when accepted), and the signature row it implies. */
export interface CoreVerdict {
  error: LogtoGuardError | undefined;
  signature: Check;
}

/** The row of the report each core failure belongs to. */
export const CHECK_OF_CODE: Record<LogtoGuardErrorCode, CheckName> = {
  missing_authorization: 'format',
  unsupported_scheme: 'format',
  malformed_authorization: 'format',
  token_malformed: 'format',
  algorithm_not_allowed: 'algorithm',
  unsupported_crit: 'algorithm',
  missing_kid: 'algorithm',
  invalid_typ: 'typ',
  unknown_key: 'signature',
  invalid_signature: 'signature',
  jwks_unavailable: 'signature',
  discovery_failed: 'signature',
  invalid_issuer: 'issuer',
  token_expired: 'expiry',
  token_not_yet_valid: 'expiry',
  invalid_claim: 'claims',
  audience_mismatch: 'audience',
  organization_mismatch: 'organization',
  organization_id_not_allowed: 'organization',
  insufficient_scope: 'scopes',
  claim_check_failed: 'claims',
  organization_id_unavailable: 'organization',
};

// The core checks `iss` against its allow-list before it fetches any key.
const checkedBeforeSignature: ReadonlySet<CheckName> = new Set(['format', 'algorithm', 'typ', 'issuer']);

const signatureHints: Partial<Record<LogtoGuardErrorCode, string>> = {
  unknown_key:
    "no key of the issuer's JWKS has this kid: the token comes from another tenant, or its key was removed",
  invalid_signature: 'the token was changed after signing, or was signed by another issuer with the same kid',
  jwks_unavailable: 'check --endpoint (or --jwks-uri) and that the issuer is reachable from here',
  discovery_failed:
    'check --endpoint: its discovery document must be at <endpoint>/oidc/.well-known/openid-configuration',
};

/** What a verify outcome says of the signature: checked and good, checked and bad, or not reached. */
function signatureRow(guard: Guard, error: LogtoGuardError | undefined, note = ''): Check {
  const name = 'signature';
  const failed = error === undefined ? undefined : CHECK_OF_CODE[error.code];
  if (failed !== undefined && checkedBeforeSignature.has(failed)) {
    return { name, status: 'skip', detail: `not checked: the token failed the ${failed} check` };
  }
  if (error === undefined || failed !== 'signature') {
    const source = guard.options.keySource;
    const keys = source.kind === 'jwks' ? source.uri : `${source.issuer}'s JWKS (found through discovery)`;
    return { name, status: 'pass', detail: `valid: signed by a key of ${keys}${note}` };
  }
  const hint = signatureHints[error.code];
  return {
    name,
    status: 'fail',
    detail: `${describeCauses(error)} (${error.code})`,
    ...(hint === undefined ? {} : { hint }),
  };
}

async function verifyError(guard: Guard, token: string): Promise<LogtoGuardError | undefined> {
  try {
    await guard.verify(token);
    return undefined;
  } catch (error) {
    if (error instanceof LogtoGuardError) return error;
    throw error;
  }
}

/**
 * Builds the route policy of `model` from the flags; what a flag leaves open (audience, organization)
 * is taken from the token itself, so the core still checks everything else (the report marks those
 * rows `skip`).
 */
export function buildPolicy(
  model: ModelName,
  flags: { audiences: readonly string[]; organization: string | undefined; scopes: readonly string[] },
  claims: Record<string, unknown>,
): Policy<undefined> {
  const tokenAudience = audienceList(claims.aud).filter((item) => item !== '');
  const audience = flags.audiences.length > 0 ? flags.audiences : tokenAudience;
  const organization =
    flags.organization ??
    (model === 'organization'
      ? audienceOrganization(claims.aud)
      : typeof claims.organization_id === 'string'
        ? claims.organization_id
        : undefined);
  const common = { scopes: flags.scopes, organizationId: () => organization };
  // A token without `aud` fails verification before the policy runs; the policy still needs one.
  const apiAudience = audience.length > 0 ? audience : ['urn:logto-guard:cli:no-audience'];
  if (model === 'organization') return organizationPermissions(common);
  if (model === 'organization-api') return organizationApi({ ...common, audience: apiAudience });
  return globalApi({ scopes: flags.scopes, audience: apiAudience });
}

/**
 * Runs the core on `token`: `guard.check` with `policy` (or a policy-free verify when the token could
 * not be decoded). When the only failure is `typ`, verifies again without the `typ` rule to tell
 * whether the signature (of an ID token, say) is good.
 *
 * Does NOT throw for a rejected token; it throws only what the core rethrows (a bug).
 */
export async function runCore(
  token: string,
  guards: InspectGuards,
  policy: Policy<undefined> | undefined,
): Promise<CoreVerdict> {
  let error: LogtoGuardError | undefined;
  if (policy === undefined) {
    error = await verifyError(guards.strict, token);
  } else {
    const outcome = await guards.strict.check(
      { authorization: `Bearer ${token}`, request: undefined },
      policy,
    );
    error = outcome.ok ? undefined : outcome.error;
  }
  if (error?.code !== 'invalid_typ') return { error, signature: signatureRow(guards.strict, error) };
  const lenient = await verifyError(guards.lenient, token);
  return { error, signature: signatureRow(guards.lenient, lenient, ' (checked without the typ rule)') };
}
