import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DevIssuer, SignInFlowError, signInWithPassword, startDevIssuer } from '../../src/index.js';
import { decode } from '../helpers.js';
import { admin, clientFor, member, reader, SPA_REDIRECT_URI, signIn, spa, traditional } from '../users.js';

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});

afterAll(async () => {
  await issuer?.close();
});

async function authorizationUrl(extra: Record<string, string> = {}): Promise<string> {
  const config = await clientFor(issuer);
  const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
  return client.buildAuthorizationUrl(config, {
    redirect_uri: SPA_REDIRECT_URI,
    scope: 'openid offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    prompt: 'consent',
    ...extra,
  }).href;
}

describe('the sign-in page', () => {
  it('shows a username and password form for the app', async () => {
    const response = await fetch(await authorizationUrl(), { redirect: 'manual' });
    expect(response.status).toBe(303);
    const page = await fetch(new URL(response.headers.get('location')!, issuer.url), {
      headers: {
        cookie: response.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('name="username"');
    expect(html).toContain('type="password"');
    expect(html).toContain('Playground (single-page app)');
  });

  it('answers a wrong password with the form again, an error and no redirect (401)', async () => {
    const error = await signInWithPassword({
      authorizationUrl: await authorizationUrl(),
      redirectUri: SPA_REDIRECT_URI,
      username: admin.username,
      password: 'not-the-password',
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(SignInFlowError);
    const { status, body } = error as SignInFlowError;
    expect(status).toBe(401);
    expect(body).toContain('Wrong username or password.');
    expect(body).toContain(`value="${admin.username}"`);
    expect(body).not.toContain('not-the-password');
  });

  it('refuses an unknown username the same way', async () => {
    const error = await signInWithPassword({
      authorizationUrl: await authorizationUrl(),
      redirectUri: SPA_REDIRECT_URI,
      username: 'nobody',
      password: 'admin-password',
    }).catch((reason: unknown) => reason as SignInFlowError);
    expect(error).toMatchObject({ status: 401 });
  });

  it('answers an unknown interaction with a page, not a crash', async () => {
    const response = await fetch(`${issuer.issuer}/interaction/not-a-real-uid`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('expired');
  });
});

describe('authorization code + PKCE (single-page app, public client)', () => {
  it('skips consent for the first-party app: the form is the only page shown', async () => {
    const { flow } = await signIn(issuer, { user: reader, scope: 'openid offline_access profile' });
    const pages = flow.steps.filter((step) => step.status === 200);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.url).toContain('/oidc/interaction/');
  });

  it('returns an ID token with typ JWT, aud = the app, sub = the user, signed by the access-token key', async () => {
    const { tokens } = await signIn(issuer, { user: admin });
    const { header, payload } = decode(tokens.id_token!);
    expect(header).toEqual({ alg: 'ES384', typ: 'JWT', kid: issuer.currentKey.kid });
    expect(payload).toMatchObject({
      iss: issuer.issuer,
      aud: spa.id,
      sub: admin.id,
      name: 'Ada Admin',
      username: 'admin',
      organizations: ['org-acme', 'org-globex'],
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('issues an opaque access token (not a JWT) when no resource is asked for at the code exchange', async () => {
    const { tokens } = await signIn(issuer, { user: member });
    expect(tokens.access_token.split('.')).toHaveLength(1);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const userinfo = await client.fetchUserInfo(await clientFor(issuer), tokens.access_token, member.id);
    expect(userinfo).toMatchObject({ sub: member.id, username: 'member' });
  });

  it('refuses an authorization request without PKCE', async () => {
    const config = await clientFor(issuer);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: SPA_REDIRECT_URI,
      scope: 'openid',
    });
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE|code_challenge/);
  });

  it('refuses a redirect URI that is not registered', async () => {
    const response = await fetch(await authorizationUrl({ redirect_uri: 'http://evil.example/callback' }), {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it('issues no refresh token without prompt=consent (offline_access is dropped, as oidc-provider does)', async () => {
    const { tokens } = await signIn(issuer, {
      user: reader,
      prompt: 'login',
      scope: 'openid offline_access',
    });
    expect(tokens.refresh_token).toBeUndefined();
  });
});

describe('authorization code (traditional web app, confidential client)', () => {
  it('signs in with the client secret and returns an ID token for that app', async () => {
    const { tokens } = await signIn(issuer, { user: reader, app: 'traditional' });
    expect(decode(tokens.id_token!).payload).toMatchObject({ aud: traditional.id, sub: reader.id });
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it('refuses a token request with a wrong secret (401 invalid_client)', async () => {
    const response = await fetch(issuer.tokenEndpoint, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${traditional.id}:wrong-secret`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'any' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });
});
