/**
 * Errors thrown by the dev issuer. Each has a stable `code`; `switch (err.code)` over
 * {@link DevIssuerErrorUnion} is exhaustive.
 *
 * @module
 */

/**
 * Base class of the dev issuer's errors.
 *
 * @example
 * ```ts
 * try {
 *   await startDevIssuer({ config: './world.yaml' });
 * } catch (error) {
 *   if (error instanceof DevIssuerError) console.error(error.code, error.message);
 * }
 * ```
 */
export abstract class DevIssuerError extends Error {
  /** A stable, machine-readable code. */
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * One problem found in a world config: where (`path`, e.g. `applications[1].roles[0]`) and what.
 *
 * @example
 * ```ts
 * const issue: ConfigIssue = { path: 'applications[1].roles[0]', message: 'unknown role "writer"' };
 * ```
 */
export interface ConfigIssue {
  /** Location inside the config, `$` for the root. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * The world config (object or file) is unreadable or invalid. The message names the file (when
 * there is one), then every problem with its path.
 *
 * @example
 * ```ts
 * try {
 *   validateWorldConfig({ resources: [], applications: [{ id: 'a' }] }, { source: 'world.json' });
 * } catch (error) {
 *   // Invalid dev issuer config world.json:
 *   //   - applications[0].secret: missing required field
 *   if (error instanceof DevIssuerConfigError) console.error(error.message, error.issues);
 * }
 * ```
 */
export class DevIssuerConfigError extends DevIssuerError {
  readonly code = 'ERR_DEV_ISSUER_CONFIG';
  /** The file the config came from, if any. */
  readonly file: string | undefined;
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];

  constructor(file: string | undefined, issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const where = file === undefined ? '' : ` ${file}`;
    const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
    super([`Invalid dev issuer config${where}:`, ...lines].join('\n'), options);
    this.file = file;
    this.issues = issues;
  }
}

/**
 * The token endpoint answered with an error (or something that is not a token response).
 * `error` and `errorDescription` are the OAuth fields of the response body; `status` the HTTP status.
 *
 * @example
 * ```ts
 * try {
 *   await requestClientCredentialsToken({ tokenEndpoint, clientId: 'app', clientSecret: 'wrong' });
 * } catch (error) {
 *   if (error instanceof TokenRequestError) console.error(error.status, error.error); // 401 invalid_client
 * }
 * ```
 */
export class TokenRequestError extends DevIssuerError {
  readonly code = 'ERR_TOKEN_REQUEST';
  /** HTTP status of the response (0 when the request could not be sent). */
  readonly status: number;
  /** OAuth `error`, e.g. `invalid_client`, `invalid_target`, `access_denied`. */
  readonly error: string;
  /** OAuth `error_description`, when the server sent one. */
  readonly errorDescription: string | undefined;

  constructor(status: number, error: string, errorDescription: string | undefined, options?: ErrorOptions) {
    const detail = errorDescription === undefined ? '' : ` (${errorDescription})`;
    super(`token request failed with HTTP ${status}: ${error}${detail}`, options);
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

/**
 * Every error the dev issuer throws on purpose.
 *
 * @example
 * ```ts
 * function describe(error: DevIssuerErrorUnion): string {
 *   switch (error.code) {
 *     case 'ERR_DEV_ISSUER_CONFIG':
 *       return `bad config: ${error.issues.length} issue(s)`;
 *     case 'ERR_TOKEN_REQUEST':
 *       return `token request: ${error.error}`;
 *   }
 * }
 * ```
 */
export type DevIssuerErrorUnion = DevIssuerConfigError | TokenRequestError;
