/**
 * The result of `logto-guard inspect`: one row per check, the core's verdict, and what the token is.
 *
 * @module
 */

/** `pass` and `fail` say what the check found; `skip` means it could not be run (the detail says why). */
export type CheckStatus = 'pass' | 'fail' | 'skip';

/** The checks, in the order the core runs them (model last: it sums up audience and organization). */
export type CheckName =
  | 'format'
  | 'algorithm'
  | 'typ'
  | 'signature'
  | 'issuer'
  | 'expiry'
  | 'claims'
  | 'audience'
  | 'organization'
  | 'scopes'
  | 'model';

/** One row of the report. `hint` says how to fix a failure, or how to run a skipped check. */
export interface Check {
  name: CheckName;
  status: CheckStatus;
  detail: string;
  hint?: string;
}

/** Logto's three permission models, as the CLI names them (`--model`). */
export type ModelName = 'global' | 'organization' | 'organization-api';

/** What the input looks like once decoded without trust. */
export type TokenKind = 'access-token' | 'id-token' | 'jwt' | 'opaque' | 'encrypted' | 'malformed';

/**
 * `valid`: the core accepted the token for the model and flags given. `rejected`: it did not.
 * `not-verified`: no issuer was given, so nothing was verified. `decoded`: the same, asked for with
 * `--decode-only`.
 */
export type Verdict = 'valid' | 'rejected' | 'not-verified' | 'decoded';

/** Everything `inspect` prints, as a table or as JSON. */
export interface Diagnosis {
  valid: boolean;
  verdict: Verdict;
  /** The core's error code when rejected (`insufficient_scope`, `token_expired`, ...), else null. */
  code: string | null;
  /** One sentence for people. */
  message: string;
  /** The model the token was checked against, or null when it could not be decoded. */
  model: ModelName | null;
  /** How the model was chosen. */
  modelSource: 'flag' | 'flags' | 'token' | null;
  /** The model the token's shape fits, or null when it could not be decoded. */
  fits: ModelName | null;
  kind: TokenKind;
  checks: Check[];
  /** Decoded, unverified header and claims (null when the input is not a JWT). */
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
}

/** Human names of the models. */
export const MODEL_TITLES: Record<ModelName, string> = {
  global: 'global API resource',
  organization: 'organization permissions',
  'organization-api': 'organization-level API resource',
};
