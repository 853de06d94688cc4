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

/**
 * One row per kind: its HTTP status, its RFC 6750 `error` value (none for missing credentials, RFC 6750
 * §3.1, and for an unavailable issuer, which is not about the token), and the fixed message a client gets
 * (`undefined`: the error's own message, itself fixed, says what to send).
 */
export const ERROR_KINDS = {
  credentials: { status: 401, rfc6750: undefined, publicMessage: undefined },
  request: { status: 401, rfc6750: 'invalid_request', publicMessage: 'Authorization header is malformed' },
  token: { status: 401, rfc6750: 'invalid_token', publicMessage: 'Invalid token' },
  permission: { status: 403, rfc6750: 'insufficient_scope', publicMessage: 'Insufficient scope' },
  unavailable: { status: 503, rfc6750: undefined, publicMessage: 'Authorization server unavailable' },
} as const satisfies Record<
  ErrorKind,
  {
    status: number;
    rfc6750: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined;
    publicMessage: string | undefined;
  }
>;

/**
 * Base class of every request-time failure; each {@link ErrorKind} has its subclass
 * ({@link CredentialsError}, {@link RequestError}, {@link TokenError}, {@link PermissionError},
 * {@link UnavailableError}), and {@link LogtoGuardFailure} is their union. `status` is the HTTP status the
 * renderer answers with; `code` names the failing check and is meant for server logs.
 *
 * Does NOT carry the token or anything read from it.
 *
 * @example
 * ```ts
 * try { await guard.verify(token) } catch (err) {
 *   if (err instanceof LogtoGuardError) log.warn({ code: err.code }, err.message)
 * }
 * ```
 */
export abstract class LogtoGuardError extends Error {
  /** The class of failure; decides the status and the `WWW-Authenticate` challenge. */
  readonly kind: ErrorKind;
  /** Stable machine-readable code of the failing check. */
  readonly code: LogtoGuardErrorCode;
  /** HTTP status this failure maps to. */
  readonly status: number;
  /** For `permission` failures: the scopes the route needs (for the challenge's `scope=`). */
  readonly requiredScopes: readonly string[];

  protected constructor(
    kind: ErrorKind,
    code: LogtoGuardErrorCode,
    message: string,
    options?: { cause?: unknown; requiredScopes?: readonly string[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = code;
    this.status = ERROR_KINDS[kind].status;
    this.requiredScopes = options?.requiredScopes ?? [];
  }
}

/**
 * A request without bearer credentials: 401 with no `error=` (RFC 6750 §3.1). Does NOT mean a bad
 * token: a token was not even offered.
 *
 * @example
 * ```ts
 * if (outcome.error instanceof CredentialsError) res.setHeader('x-login', '/sign-in')
 * ```
 */
export class CredentialsError extends LogtoGuardError {
  declare readonly kind: 'credentials';
  declare readonly code: CredentialsErrorCode;
  constructor(code: CredentialsErrorCode, message: string) {
    super('credentials', code, message);
  }
}

/**
 * A malformed `Authorization: Bearer` header: 401 with `error="invalid_request"`. Does NOT say anything
 * about the token, which was not read.
 *
 * @example
 * ```ts
 * err instanceof RequestError && err.code === 'malformed_authorization'
 * ```
 */
export class RequestError extends LogtoGuardError {
  declare readonly kind: 'request';
  declare readonly code: RequestErrorCode;
  constructor(code: RequestErrorCode, message: string) {
    super('request', code, message);
  }
}

/**
 * An invalid token (shape, algorithm, `typ`, key, signature, issuer, times, claim types): 401 with
 * `error="invalid_token"`. Does NOT cover a valid token that lacks permissions ({@link PermissionError}).
 *
 * @example
 * ```ts
 * if (err instanceof TokenError && err.code === 'token_expired') metrics.expired += 1
 * ```
 */
export class TokenError extends LogtoGuardError {
  declare readonly kind: 'token';
  declare readonly code: TokenErrorCode;
  constructor(code: TokenErrorCode, message: string, cause?: unknown) {
    super('token', code, message, { cause });
  }
}

/**
 * A valid token that does not grant what the route needs: 403 with `error="insufficient_scope"` and the
 * route's scopes in `requiredScopes`. Does NOT mean the token is invalid: it is valid, for less.
 *
 * @example
 * ```ts
 * if (err instanceof PermissionError) log.info({ needs: err.requiredScopes }, err.code)
 * ```
 */
export class PermissionError extends LogtoGuardError {
  declare readonly kind: 'permission';
  declare readonly code: PermissionErrorCode;
  constructor(code: PermissionErrorCode, message: string, requiredScopes: readonly string[]) {
    super('permission', code, message, { requiredScopes });
  }
}

/**
 * The key set or discovery document could not be had: 503 with `Retry-After`. Not the client's fault, so
 * never a 401. Does NOT reject tokens of keys already known: only requests that need a key not yet had.
 *
 * @example
 * ```ts
 * if (err instanceof UnavailableError) alert('Logto unreachable', err.cause)
 * ```
 */
export class UnavailableError extends LogtoGuardError {
  declare readonly kind: 'unavailable';
  declare readonly code: UnavailableErrorCode;
  constructor(code: UnavailableErrorCode, message: string, cause?: unknown) {
    super('unavailable', code, message, { cause });
  }
}

/**
 * Every request-time failure, as a union: narrowing `kind` narrows `code`, and a `switch (error.code)` is
 * exhaustive. `guard.check` returns it in `outcome.error`. Does NOT include `LogtoGuardConfigError`,
 * which is thrown at creation, never per request.
 *
 * @example
 * ```ts
 * if (outcome.error?.kind === 'permission') outcome.error.code // PermissionErrorCode
 * ```
 */
export type LogtoGuardFailure =
  | CredentialsError
  | RequestError
  | TokenError
  | PermissionError
  | UnavailableError;

/**
 * Thrown when a guard is created with a wrong or missing option. `option` names it; the message says
 * what is expected. It is a `TypeError`: a programming mistake, found at start-up, never per request.
 * It is NOT a {@link LogtoGuardError} and is never rendered as an HTTP answer.
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
