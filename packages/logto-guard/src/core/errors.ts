/**
 * Every failure logto-guard reports, as typed errors with a stable `code` and the HTTP status it maps to.
 *
 * Messages are fixed strings: they never contain the token or any value taken from it, so they are safe
 * to log and (with the `debug` option) to send to clients.
 *
 * @module
 */

/** The classes of failure, each with one HTTP status and one RFC 6750 `error` value (or none). */
export type ErrorKind = 'credentials' | 'request' | 'token' | 'permission' | 'unavailable';

/** Failures answered with 401 and no `error=` (RFC 6750 §3.1: the request carried no bearer credentials). */
export type CredentialsErrorCode = 'missing_authorization' | 'unsupported_scheme';

/** A malformed `Authorization: Bearer` header: 401 with `error="invalid_request"`. */
export type RequestErrorCode = 'malformed_authorization';

/** An invalid token: 401 with `error="invalid_token"`. */
export type TokenErrorCode =
  | 'token_malformed'
  | 'algorithm_not_allowed'
  | 'invalid_typ'
  | 'missing_kid'
  | 'unsupported_crit'
  | 'unknown_key'
  | 'invalid_signature'
  | 'invalid_issuer'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'invalid_claim';

/** A valid token that does not grant what the route needs: 403 with `error="insufficient_scope"`. */
export type PermissionErrorCode =
  | 'insufficient_scope'
  | 'audience_mismatch'
  | 'organization_mismatch'
  | 'organization_id_not_allowed'
  | 'claim_check_failed';

/** The key set or discovery document could not be had: 503 with `Retry-After` (not the client's fault). */
export type UnavailableErrorCode = 'jwks_unavailable' | 'discovery_failed';

/** Every code a {@link LogtoGuardError} can carry; a `switch (err.code)` over it is exhaustive. */
export type LogtoGuardErrorCode =
  | CredentialsErrorCode
  | RequestErrorCode
  | TokenErrorCode
  | PermissionErrorCode
  | UnavailableErrorCode;

const kindStatus: Record<ErrorKind, number> = {
  credentials: 401,
  request: 401,
  token: 401,
  permission: 403,
  unavailable: 503,
};

/**
 * Base class of every request-time failure. `status` is the HTTP status the renderer answers with;
 * `code` names the failing check and is meant for server logs.
 *
 * @example
 * ```ts
 * try { await guard.verify(token) } catch (err) {
 *   if (err instanceof LogtoGuardError) log.warn({ code: err.code }, err.message)
 * }
 * ```
 */
export class LogtoGuardError extends Error {
  /** The class of failure; decides the status and the `WWW-Authenticate` challenge. */
  readonly kind: ErrorKind;
  /** Stable machine-readable code of the failing check. */
  readonly code: LogtoGuardErrorCode;
  /** HTTP status this failure maps to. */
  readonly status: number;
  /** For `permission` failures: the scopes the route needs (for the challenge's `scope=`). */
  readonly requiredScopes: readonly string[];

  constructor(
    kind: ErrorKind,
    code: LogtoGuardErrorCode,
    message: string,
    options?: { cause?: unknown; requiredScopes?: readonly string[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LogtoGuardError';
    this.kind = kind;
    this.code = code;
    this.status = kindStatus[kind];
    this.requiredScopes = options?.requiredScopes ?? [];
  }
}

/** Builds a 401 failure for a request without bearer credentials. */
export const credentialsError = (code: CredentialsErrorCode, message: string) =>
  new LogtoGuardError('credentials', code, message);

/** Builds a 401 `invalid_request` failure for a malformed bearer header. */
export const requestError = (code: RequestErrorCode, message: string) =>
  new LogtoGuardError('request', code, message);

/** Builds a 401 `invalid_token` failure. */
export const tokenError = (code: TokenErrorCode, message: string, cause?: unknown) =>
  new LogtoGuardError('token', code, message, { cause });

/** Builds a 403 `insufficient_scope` failure that names the scopes the route needs. */
export const permissionError = (
  code: PermissionErrorCode,
  message: string,
  requiredScopes: readonly string[],
) => new LogtoGuardError('permission', code, message, { requiredScopes });

/** Builds a 503 failure: the authorization server's keys or metadata could not be had. */
export const unavailableError = (code: UnavailableErrorCode, message: string, cause?: unknown) =>
  new LogtoGuardError('unavailable', code, message, { cause });

/**
 * Thrown when a guard is created with a wrong or missing option. `option` names it; the message says
 * what is expected. It is a `TypeError`: a programming mistake, found at start-up, never per request.
 *
 * @example
 * ```ts
 * createGuard({ audience: 'https://api.example.com' })
 * // LogtoGuardConfigError [ERR_LOGTO_GUARD_OPTION]: options.endpoint or options.issuer is required ...
 * ```
 */
export class LogtoGuardConfigError extends TypeError {
  /** Always `ERR_LOGTO_GUARD_OPTION`. */
  readonly code = 'ERR_LOGTO_GUARD_OPTION';
  /** The option at fault, as a path (`tokenCache.maxEntries`). */
  readonly option: string;

  constructor(option: string, expected: string) {
    super(`options.${option} ${expected}`);
    this.name = 'LogtoGuardConfigError';
    this.option = option;
  }
}
