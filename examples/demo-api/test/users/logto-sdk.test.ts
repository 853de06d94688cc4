/**
 * Logto's own Node SDK (`@logto/node`, unchanged) signs in against the dev issuer through the real
 * sign-in form, gets an API token, an organization token and an organization-level API token, and the
 * demo API answers as the three permission models say. The guard refuses the ID token.
 */

import LogtoClient, { type Storage, UserScope } from '@logto/node';
import { DEFAULT_USER_APPLICATIONS, DEFAULT_USERS, signInWithPassword } from '@logto-guard/dev-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningDemo, startDemo } from '../../src/start.js';
import { API_RESOURCE, call } from '../helpers.js';

const { traditional } = DEFAULT_USER_APPLICATIONS;

/** The SDK's storage: a Map, as a server keeps one per session. */
class MemoryStorage implements Storage<string> {
  readonly #items = new Map<string, string>();
  async getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  async setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
  async removeItem(key: string) {
    this.#items.delete(key);
  }
}

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo({ port: 0, issuerPort: 0 });
});

afterAll(async () => {
  await demo?.close();
});

/** Signs `user` in with @logto/node (traditional web app), as a server-rendered app would. */
async function signInWithSdk(user: { username: string; password: string }): Promise<LogtoClient> {
  let signInUrl: string | undefined;
  const logto = new LogtoClient(
    {
      endpoint: demo.endpoint,
      appId: traditional.id,
      appSecret: traditional.secret,
      resources: [API_RESOURCE],
      scopes: [
        UserScope.Email,
        UserScope.Organizations,
        'read:members',
        'invite:member',
        'api:read',
        'api:write',
        'read:products',
        'write:orders',
        'read:projects',
      ],
    },
    {
      navigate: (url) => {
        signInUrl = url;
      },
      storage: new MemoryStorage(),
    },
  );
  // The demo seeds the web app's redirect URI on the API's origin.
  const redirectUri = `${demo.url}/callback`;
  await logto.signIn(redirectUri);
  const { callbackUrl } = await signInWithPassword({
    authorizationUrl: signInUrl!,
    redirectUri,
    ...user,
  });
  await logto.handleSignInCallback(callbackUrl);
  return logto;
}

describe('@logto/node against the dev issuer and the demo API', () => {
  let admin: LogtoClient;
  let member: LogtoClient;

  beforeAll(async () => {
    admin = await signInWithSdk(DEFAULT_USERS.admin);
    member = await signInWithSdk(DEFAULT_USERS.member);
  });

  it('signs in: the ID token names the user and the app; the SDK verified it', async () => {
    const claims = await admin.getIdTokenClaims();
    expect(claims).toMatchObject({
      sub: DEFAULT_USERS.admin.id,
      aud: traditional.id,
      email: 'admin@example.com',
    });
    expect(claims.organizations).toEqual(['org-acme', 'org-globex']);
  });

  it('getAccessToken(resource): the global model answers 200 to the admin and 403 to the member', async () => {
    const adminToken = await admin.getAccessToken(API_RESOURCE);
    expect(await admin.getAccessTokenClaims(API_RESOURCE)).toMatchObject({
      sub: DEFAULT_USERS.admin.id,
      client_id: traditional.id,
      aud: API_RESOURCE,
    });
    expect((await call(demo.url, '/api/protected', { token: adminToken })).status).toBe(200);
    expect((await call(demo.url, '/api/products', { token: adminToken })).status).toBe(200);
    const memberToken = await member.getAccessToken(API_RESOURCE);
    const denied = await call(demo.url, '/api/protected', { token: memberToken });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  it('getOrganizationToken(id): the organization model answers 200 on its organization, 403 on the other', async () => {
    const token = await member.getOrganizationToken('org-acme');
    expect(await member.getOrganizationTokenClaims('org-acme')).toMatchObject({
      aud: 'urn:logto:organization:org-acme',
      scope: 'read:members',
    });
    expect((await call(demo.url, '/api/organizations/org-acme/members', { token })).status).toBe(200);
    expect((await call(demo.url, '/api/organizations/org-globex/members', { token })).status).toBe(403);
    const invite = await call(demo.url, '/api/organizations/org-acme/invitations', {
      token,
      method: 'POST',
      json: { email: 'new@example.com' },
    });
    expect(invite.status).toBe(403);
    const adminToken = await admin.getOrganizationToken('org-acme');
    const invited = await call(demo.url, '/api/organizations/org-acme/invitations', {
      token: adminToken,
      method: 'POST',
      json: { email: 'new@example.com' },
    });
    expect(invited.status).toBe(201);
  });

  it('an organization token is refused where the user is not a member (the SDK gets 403 from the issuer)', async () => {
    await expect(member.getOrganizationToken('org-globex')).rejects.toThrow();
  });

  it('getAccessToken(resource, organizationId): the organization-level API model answers 200 and refuses it on global routes', async () => {
    const token = await member.getAccessToken(API_RESOURCE, 'org-acme');
    expect((await call(demo.url, '/api/organizations/org-acme/projects', { token })).status).toBe(200);
    expect((await call(demo.url, '/api/organizations/org-globex/projects', { token })).status).toBe(403);
    expect((await call(demo.url, '/api/products', { token })).status).toBe(403);
    // A global API token (no organization_id) is refused on the organization-level route.
    const global = await member.getAccessToken(API_RESOURCE);
    expect((await call(demo.url, '/api/organizations/org-acme/projects', { token: global })).status).toBe(
      403,
    );
  });

  it('the guard refuses the ID token (typ JWT, same key, same issuer) and the opaque userinfo token with 401', async () => {
    const idToken = (await admin.getIdToken())!;
    const [header] = idToken.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ typ: 'JWT' });
    const refused = await call(demo.url, '/api/protected', { token: idToken });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(JSON.stringify(refused.body)).not.toContain(idToken);
    const opaque = await admin.getAccessToken();
    expect(opaque.split('.')).toHaveLength(1);
    expect((await call(demo.url, '/api/protected', { token: opaque })).status).toBe(401);
  });
});
