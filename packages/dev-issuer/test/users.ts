import * as client from 'openid-client';

import {
  type CookieJar,
  DEFAULT_API_RESOURCE,
  DEFAULT_USER_APPLICATIONS,
  DEFAULT_USERS,
  type DevIssuer,
  type SignInResult,
  signInWithPassword,
} from '../src/index.js';

export const { admin, reader, member } = DEFAULT_USERS;
export const { spa, traditional } = DEFAULT_USER_APPLICATIONS;
export const SPA_REDIRECT_URI = 'http://127.0.0.1:3000/playground/callback';
export const WEB_REDIRECT_URI = 'http://127.0.0.1:3000/callback';
export const ORGANIZATIONS_RESOURCE = 'urn:logto:resource:organizations';
/** What Logto's SDKs ask for with `scopes: [UserScope.Organizations, ...]` and the demo API as resource. */
export const FULL_SCOPE =
  'openid offline_access profile urn:logto:scope:organizations read:members invite:member api:read api:write read:products read:projects';

/** openid-client configured for an app of the issuer (http allowed: the issuer is local). */
export function clientFor(
  issuer: DevIssuer,
  app: 'spa' | 'traditional' = 'spa',
): Promise<client.Configuration> {
  const auth = app === 'spa' ? client.None() : client.ClientSecretBasic(traditional.secret);
  const id = app === 'spa' ? spa.id : traditional.id;
  return client.discovery(new URL(issuer.issuer), id, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
}

export interface SignInRequest {
  user: { username: string; password: string };
  app?: 'spa' | 'traditional';
  scope?: string;
  resources?: readonly string[];
  prompt?: string;
  jar?: CookieJar;
}

/** Authorization code + PKCE through the real sign-in form, then the code exchange. */
export type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

export async function signIn(
  issuer: DevIssuer,
  request: SignInRequest,
): Promise<{ config: client.Configuration; tokens: Tokens; flow: SignInResult }> {
  const app = request.app ?? 'spa';
  const config = await clientFor(issuer, app);
  const redirectUri = app === 'spa' ? SPA_REDIRECT_URI : WEB_REDIRECT_URI;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const params = new URLSearchParams({
    redirect_uri: redirectUri,
    scope: request.scope ?? FULL_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    prompt: request.prompt ?? 'consent',
    state,
  });
  for (const resource of request.resources ?? [DEFAULT_API_RESOURCE, ORGANIZATIONS_RESOURCE]) {
    params.append('resource', resource);
  }
  const flow = await signInWithPassword({
    authorizationUrl: client.buildAuthorizationUrl(config, params).href,
    redirectUri,
    ...request.user,
    ...(request.jar ? { jar: request.jar } : {}),
  });
  const tokens = await client.authorizationCodeGrant(config, new URL(flow.callbackUrl), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { config, tokens, flow };
}

/** A refresh-token grant with Logto's extra parameters. */
export function refresh(
  config: client.Configuration,
  refreshToken: string,
  parameters: { resource?: string; organization_id?: string; scope?: string } = {},
): Promise<Tokens> {
  return client.refreshTokenGrant(config, refreshToken, parameters as Record<string, string>);
}

/** The rejection of a grant, as openid-client reports it (status and OAuth error). */
export async function grantError(
  promise: Promise<unknown>,
): Promise<{ status: number; error: string; description: string }> {
  const failure = await promise.then(
    () => undefined,
    (reason: unknown) => reason as client.ResponseBodyError,
  );
  if (failure === undefined) throw new Error('the grant succeeded');
  return { status: failure.status, error: failure.error, description: String(failure.error_description) };
}
