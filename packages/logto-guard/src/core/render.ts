/**
 * The one renderer every adapter uses: a failure in, status + headers + JSON body out.
 *
 * @module
 */
import { bearerChallenge } from './challenge.js';
import { ERROR_KINDS, type LogtoGuardError, PERMISSION_FAILURES } from './errors.js';
import { type FailureCause, failureCauses } from './failure-event.js';

/** The JSON body of a failure: `{"error": "..."}`, plus `code` and `detail` when `debug` is on. */
export interface ErrorBody {
  error: string;
  code?: string;
  detail?: string;
  /** With `debug`, for 503s: why the issuer's documents could not be had (URL, HTTP status, timeout). */
  cause?: FailureCause[];
}

/** A rendered failure, ready for any framework to write. Header names are lower case. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

/** Settings of {@link renderError}. */
export interface RenderOptions {
  realm: string;
  /** Put `code` and `detail` in the body (development only). */
  debug: boolean;
  /** RFC 9728 metadata URL added to every challenge; see the guard option `resourceMetadata`. */
  resourceMetadata?: string | undefined;
}

/** Seconds a client is told to wait after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Turns a failure into its HTTP answer, from the tables of kinds and 403 codes (`ERROR_KINDS`,
 * `PERMISSION_FAILURES`):
 * - no credentials: 401, `WWW-Authenticate: Bearer realm="..."` with no `error=` (RFC 6750 §3.1);
 * - malformed header: 401, `error="invalid_request"`; invalid token: 401, `error="invalid_token"`;
 * - missing permission: 403, `error="insufficient_scope", scope="<what the route needs>"`;
 * - token for another API or organization: 403, `error="invalid_token", error_description="<what failed>"`;
 * - keys unavailable: 503 with `Retry-After`; the server's own mistake: 500.
 * Bodies say what failed in a fixed sentence; the failing check (`code`, `detail`, and a 503's `cause`)
 * is added when `debug` is on. Nothing in the answer comes from the token.
 *
 * @example
 * ```ts
 * const { status, headers, body } = renderError(err, { realm: 'api', debug: false })
 * ```
 */
export function renderError(error: LogtoGuardError, options: RenderOptions): ErrorResponse {
  const row = ERROR_KINDS[error.kind];
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  let publicMessage: string = row.publicMessage ?? error.message;
  if (error.kind === 'unavailable') {
    headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  } else if (error.kind === 'permission') {
    const failure = PERMISSION_FAILURES[error.code as keyof typeof PERMISSION_FAILURES];
    publicMessage = failure.publicMessage;
    headers['www-authenticate'] = bearerChallenge({
      realm: options.realm,
      error: failure.rfc6750,
      errorDescription: failure.scope ? (options.debug ? error.message : undefined) : failure.publicMessage,
      scope: failure.scope ? error.requiredScopes : undefined,
      resourceMetadata: options.resourceMetadata,
    });
  } else if (error.kind !== 'server') {
    headers['www-authenticate'] = bearerChallenge({
      realm: options.realm,
      error: row.rfc6750,
      errorDescription: options.debug && error.kind !== 'credentials' ? error.message : undefined,
      resourceMetadata: options.resourceMetadata,
    });
  }
  const body: ErrorBody = { error: publicMessage };
  if (options.debug) {
    body.code = error.code;
    body.detail = error.message;
    const causes = error.kind === 'unavailable' ? failureCauses(error.cause) : [];
    if (causes.length > 0) body.cause = causes;
  }
  return { status: error.status, headers, body };
}
