/**
 * The one renderer every adapter uses: a failure in, status + headers + JSON body out.
 *
 * @module
 */
import { bearerChallenge } from './challenge.js';
import { ERROR_KINDS, type LogtoGuardError } from './errors.js';

/** The JSON body of a failure: `{"error": "..."}`, plus `code` and `detail` when `debug` is on. */
export interface ErrorBody {
  error: string;
  code?: string;
  detail?: string;
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
 * Turns a failure into its HTTP answer, from the one table of kinds (`ERROR_KINDS`):
 * - no credentials: 401, `WWW-Authenticate: Bearer realm="..."` with no `error=` (RFC 6750 §3.1);
 * - malformed header: 401, `error="invalid_request"`; invalid token: 401, `error="invalid_token"`;
 * - missing permission: 403, `error="insufficient_scope", scope="<what the route needs>"`;
 * - keys unavailable: 503 with `Retry-After`.
 * Bodies say the class of failure only; the failing check (`code`, `detail`) is added when `debug` is on.
 * Nothing in the answer comes from the token.
 *
 * @example
 * ```ts
 * const { status, headers, body } = renderError(err, { realm: 'api', debug: false })
 * ```
 */
export function renderError(error: LogtoGuardError, options: RenderOptions): ErrorResponse {
  const row = ERROR_KINDS[error.kind];
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (error.kind === 'unavailable') {
    headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  } else {
    headers['www-authenticate'] = bearerChallenge({
      realm: options.realm,
      error: row.rfc6750,
      errorDescription: options.debug && error.kind !== 'credentials' ? error.message : undefined,
      scope: error.kind === 'permission' ? error.requiredScopes : undefined,
      resourceMetadata: options.resourceMetadata,
    });
  }
  const body: ErrorBody = { error: row.publicMessage ?? error.message };
  if (options.debug) {
    body.code = error.code;
    body.detail = error.message;
  }
  return { status: error.status, headers, body };
}
