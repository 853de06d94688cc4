/**
 * `requestUserToken`: a user's access token from the dev issuer, for curl and scripts: it signs in
 * with the username and password on the issuer's form (authorization code + PKCE, as a single-page
 * app), then asks the refresh-token grant for the token the three models need.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

import { TokenRequestError } from './errors.js';
import { sendTokenRequest, type TokenResponse } from './request-client-credentials-token.js';
import { signInWithPassword } from './sign-in-with-password.js';
import { DEFAULT_USER_APPLICATIONS } from './world/defaults.js';

/**
 * What {@link requestUserToken} asks for.
 *
 * @example
 * ```ts
 * const request: UserTokenRequest = { endpoint: 'http://127.0.0.1:3001', username: 'admin', password: 'admin-password', resource: 'https://api.example.com' };
 * ```
 */
export interface UserTokenRequest {
  /** The dev issuer's base URL (the issuer is `<endpoint>/oidc`). */
  endpoint: string;
  username: string;
  password: string;
  /** A public client (single-page app) of the world. Default the seeded `playground-spa`. */
  clientId?: string;
  /** One of its redirect URIs. Default `http://127.0.0.1:3000/playground/callback` (the seeded one). */
  redirectUri?: string;
  /** API resource indicator: a JWT for that API (with `organizationId`: organization-level API token). */
  resource?: string;
  /** Organization id: an organization token (without `resource`). */
  organizationId?: string;
  /** Permissions to ask for at sign-in; the token holds those the user's roles grant. */
  scope?: string | readonly string[];
  signal?: AbortSignal;
}

const ORGANIZATIONS_SCOPE = 'urn:logto:scope:organizations';
const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';
const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * Signs `username` in on the dev issuer and returns an access token: for `resource` (global API), for
 * `organizationId` (organization token), or both (organization-level API token); without either, the
 * opaque userinfo token Logto gives.
 *
 * Does NOT work against a Logto tenant (its sign-in page is an app, not a form) and keeps no session.
 *
 * @throws {@link TokenRequestError} when the issuer refuses (e.g. 403 `access_denied` for a
 * non-member); {@link SignInFlowError} for a wrong password (status 401).
 *
 * @example
 * ```ts
 * const { access_token } = await requestUserToken({
 *   endpoint: issuer.url, username: 'member', password: 'member-password', organizationId: 'org-acme',
 * });
 * ```
 */
export async function requestUserToken(request: UserTokenRequest): Promise<TokenResponse> {
  const issuer = `${request.endpoint.replace(/\/+$/, '')}/oidc`;
  const clientId = request.clientId ?? DEFAULT_USER_APPLICATIONS.spa.id;
  const redirectUri = request.redirectUri ?? 'http://127.0.0.1:3000/playground/callback';
  const asked = typeof request.scope === 'string' ? request.scope.split(' ') : (request.scope ?? []);
  const scope = ['openid', 'offline_access', ORGANIZATIONS_SCOPE, ...asked].filter(Boolean).join(' ');
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const authorization = new URL(`${issuer}/auth`);
  for (const [name, value] of Object.entries({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    prompt: 'consent',
    state,
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  })) {
    authorization.searchParams.set(name, value);
  }
  if (request.resource !== undefined) authorization.searchParams.append('resource', request.resource);
  authorization.searchParams.append('resource', ORGANIZATIONS_RESOURCE);

  const { callbackUrl } = await signInWithPassword({
    authorizationUrl: authorization.href,
    redirectUri,
    username: request.username,
    password: request.password,
  });
  const callback = new URL(callbackUrl).searchParams;
  if (callback.get('error') !== null || callback.get('state') !== state || callback.get('code') === null) {
    throw new TokenRequestError(
      400,
      callback.get('error') ?? 'invalid_response',
      callback.get('error_description') ?? 'no code in the callback',
    );
  }
  const headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
  const tokenEndpoint = `${issuer}/token`;
  const signedIn = await sendTokenRequest(
    tokenEndpoint,
    new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: clientId,
    }),
    headers,
    request.signal,
  );
  if (request.resource === undefined && request.organizationId === undefined) return signedIn;
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: String(signedIn.refresh_token),
    client_id: clientId,
  });
  if (request.resource !== undefined) form.set('resource', request.resource);
  if (request.organizationId !== undefined) form.set('organization_id', request.organizationId);
  return sendTokenRequest(tokenEndpoint, form, headers, request.signal);
}
