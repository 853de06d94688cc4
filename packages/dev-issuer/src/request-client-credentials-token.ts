import { TokenRequestError } from './errors.js';

/**
 * Parameters of {@link requestClientCredentialsToken}.
 *
 * @example
 * ```ts
 * const request: ClientCredentialsTokenRequest = {
 *   tokenEndpoint: 'http://127.0.0.1:3001/oidc/token',
 *   clientId: 'm2m-read-only',
 *   clientSecret: 'm2m-read-only-secret',
 *   resource: 'https://api.example.com',
 *   scope: 'api:read',
 * };
 * ```
 */
export interface ClientCredentialsTokenRequest {
  /** The token endpoint, `<issuer>/token`. */
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** API resource indicator (the token `aud`). */
  resource?: string;
  /** Space-separated permissions, or a list of them. Omitted → the token has no scope. */
  scope?: string | readonly string[];
  /** Organization id: an organization token, or an organization-level API token with `resource`. */
  organizationId?: string;
  /**
   * How the client authenticates: `basic` (HTTP Basic header, default) or `post`
   * (`client_id`/`client_secret` form parameters).
   */
  authMethod?: 'basic' | 'post';
  /** Abort signal passed to `fetch`. */
  signal?: AbortSignal;
}

/**
 * A successful token response.
 *
 * @example
 * ```ts
 * const { access_token, expires_in }: TokenResponse = await requestClientCredentialsToken(request);
 * ```
 */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  /** Lifetime in seconds. */
  expires_in: number;
  /** Granted scopes; absent when none were granted for an API (`""` for an organization token). */
  scope?: string;
  [key: string]: unknown;
}

// RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined for the Basic header.
const formEncode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');

/**
 * POSTs a `client_credentials` token request (form-encoded, with `fetch`) and returns the parsed
 * JSON. Works against the dev issuer and against a real Logto tenant.
 *
 * @throws {@link TokenRequestError} carrying the HTTP `status` and the OAuth `error` /
 * `errorDescription` when the response is not a 2xx token response (e.g. 401 `invalid_client`,
 * 400 `invalid_target`, 403 `access_denied`); `status` 0 when the request could not be sent.
 *
 * @example
 * ```ts
 * const { access_token } = await requestClientCredentialsToken({
 *   tokenEndpoint: issuer.tokenEndpoint,
 *   clientId: DEFAULT_APPLICATIONS.fullAccess.id,
 *   clientSecret: DEFAULT_APPLICATIONS.fullAccess.secret,
 *   organizationId: 'org-acme',
 *   scope: 'read:members',
 * });
 * ```
 */
export async function requestClientCredentialsToken(
  request: ClientCredentialsTokenRequest,
): Promise<TokenResponse> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (request.resource !== undefined) form.set('resource', request.resource);
  if (request.organizationId !== undefined) form.set('organization_id', request.organizationId);
  if (request.scope !== undefined) {
    form.set('scope', typeof request.scope === 'string' ? request.scope : request.scope.join(' '));
  }
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (request.authMethod === 'post') {
    form.set('client_id', request.clientId);
    form.set('client_secret', request.clientSecret);
  } else {
    const credentials = `${formEncode(request.clientId)}:${formEncode(request.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }

  return sendTokenRequest(request.tokenEndpoint, form, headers, request.signal);
}

/**
 * POSTs a form to a token endpoint and returns the token response, or throws a
 * {@link TokenRequestError} (internal to the package; shared by the grants' clients).
 *
 * @example
 * ```ts
 * const tokens = await sendTokenRequest(tokenEndpoint, form, { 'content-type': 'application/x-www-form-urlencoded' });
 * ```
 */
export async function sendTokenRequest(
  tokenEndpoint: string,
  form: URLSearchParams,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers,
      body: form,
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new TokenRequestError(0, 'request_failed', reason, { cause });
  }

  const text = await response.text();
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    body = undefined;
  }

  if (response.ok && body !== undefined && typeof body.access_token === 'string') {
    return body as TokenResponse;
  }
  const error = typeof body?.error === 'string' ? body.error : 'invalid_response';
  const description =
    typeof body?.error_description === 'string'
      ? body.error_description
      : body === undefined
        ? `not a JSON object: ${text.slice(0, 200)}`
        : undefined;
  throw new TokenRequestError(response.status, error, description);
}
