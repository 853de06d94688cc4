import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_ORGANIZATIONS,
  type DevIssuer,
  startDevIssuer,
} from '../../../src/index.js';
import { decode, verifyAccessToken } from '../../helpers.js';
import { admin, grantError, member, reader, refresh, signIn, spa, type Tokens } from '../../users.js';

const { acme, globex } = DEFAULT_ORGANIZATIONS;
const orgAudience = (id: string) => `urn:logto:organization:${id}`;

let issuer: DevIssuer;
const sessions: Record<
  'admin' | 'reader' | 'member',
  { config: Awaited<ReturnType<typeof signIn>>['config']; tokens: Tokens }
> = {} as never;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
  for (const [name, user] of Object.entries({ admin, reader, member })) {
    sessions[name as keyof typeof sessions] = await signIn(issuer, { user });
  }
});

afterAll(async () => {
  await issuer?.close();
});

/** A fresh refresh-token grant for a signed-in user (rotation: keep the newest refresh token). */
async function tokenFor(name: keyof typeof sessions, parameters: Parameters<typeof refresh>[2] = {}) {
  const session = sessions[name];
  const tokens = await refresh(session.config, session.tokens.refresh_token!, parameters);
  if (tokens.refresh_token)
    session.tokens = { ...session.tokens, refresh_token: tokens.refresh_token } as Tokens;
  return tokens;
}

describe('user → global API resource (refresh_token + resource)', () => {
  it('issues an ES384 at+jwt with sub = the user, client_id = the app, aud = the API, no organization_id', async () => {
    const { access_token } = await tokenFor('admin', { resource: DEFAULT_API_RESOURCE });
    const { header, payload } = await verifyAccessToken(issuer, access_token, DEFAULT_API_RESOURCE);
    expect(header).toEqual({ alg: 'ES384', typ: 'at+jwt', kid: issuer.currentKey.kid });
    expect(payload).toMatchObject({
      iss: issuer.issuer,
      sub: admin.id,
      client_id: spa.id,
      aud: DEFAULT_API_RESOURCE,
    });
    expect(payload.sub).not.toBe(payload.client_id);
    expect(payload.organization_id).toBeUndefined();
    expect(payload.nbf).toBeUndefined();
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect((payload.scope as string).split(' ').sort()).toEqual(
      ['api:read', 'api:write', 'read:products', 'read:projects'].sort(),
    );
  });

  it('grants requested ∩ the user’s roles: the read-only user asked for api:write gets api:read read:products', async () => {
    const { access_token, scope } = await tokenFor('reader', { resource: DEFAULT_API_RESOURCE });
    expect(scope?.split(' ').sort()).toEqual(['api:read', 'read:products']);
    expect(decode(access_token).payload.scope).toBe(scope);
  });

  it('adds the API permissions of the user’s organization roles in every organization (Logto 1.16.0)', async () => {
    const { scope } = await tokenFor('member', { resource: DEFAULT_API_RESOURCE });
    expect(scope).toBe('read:projects');
  });

  it('narrows to the `scope` parameter, and refuses a scope the sign-in did not ask for', async () => {
    const { scope } = await tokenFor('admin', { resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
    expect(scope).toBe('api:read');
    const error = await grantError(
      tokenFor('admin', { resource: DEFAULT_API_RESOURCE, scope: 'write:orders' }),
    );
    expect(error).toMatchObject({ status: 400, error: 'invalid_scope' });
  });

  it('issues an opaque token when no resource is asked for (the sign-in asked for openid)', async () => {
    const { access_token } = await tokenFor('reader');
    expect(access_token.split('.')).toHaveLength(1);
  });

  it('refuses a resource the sign-in did not ask for (invalid_target)', async () => {
    const { config, tokens } = await signIn(issuer, { user: reader });
    const error = await grantError(
      refresh(config, tokens.refresh_token!, { resource: 'https://other.example.com' }),
    );
    expect(error).toMatchObject({ status: 400, error: 'invalid_target' });
  });
});

describe('user → organization token (refresh_token + organization_id)', () => {
  it('issues aud urn:logto:organization:<id> with the user’s organization permissions there', async () => {
    const { access_token, scope } = await tokenFor('admin', { organization_id: acme });
    const { payload } = await verifyAccessToken(issuer, access_token, orgAudience(acme));
    expect(payload).toMatchObject({ sub: admin.id, client_id: spa.id, aud: orgAudience(acme) });
    expect(payload.organization_id).toBeUndefined();
    expect(scope?.split(' ').sort()).toEqual(['invite:member', 'read:members']);
  });

  it('gives a member of the organization only its role’s permissions', async () => {
    const { scope } = await tokenFor('member', { organization_id: acme });
    expect(scope).toBe('read:members');
  });

  it('answers 403 access_denied to a user who is not a member', async () => {
    const error = await grantError(tokenFor('member', { organization_id: globex }));
    expect(error).toEqual({
      status: 403,
      error: 'access_denied',
      description: 'user is not a member of the organization',
    });
  });

  it('answers insufficient_scope when the sign-in did not ask for urn:logto:scope:organizations', async () => {
    const { config, tokens } = await signIn(issuer, {
      user: admin,
      scope: 'openid offline_access read:members',
    });
    const error = await grantError(refresh(config, tokens.refresh_token!, { organization_id: acme }));
    // oidc-provider's InsufficientScope, which Logto throws too, is a 403.
    expect(error).toMatchObject({ status: 403, error: 'insufficient_scope' });
  });

  it('grants only organization permissions the sign-in asked for', async () => {
    const { config, tokens } = await signIn(issuer, {
      user: admin,
      scope: 'openid offline_access urn:logto:scope:organizations read:members',
    });
    const { scope } = await refresh(config, tokens.refresh_token!, { organization_id: acme });
    expect(scope).toBe('read:members');
  });

  it('refuses an unknown refresh token with invalid_grant, organization or not', async () => {
    const error = await grantError(
      refresh(sessions.admin.config, 'not-a-refresh-token', { organization_id: acme }),
    );
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant' });
  });
});

describe('user → organization-level API resource (refresh_token + resource + organization_id)', () => {
  it('issues a token for the API with the organization_id claim and that organization’s API permissions', async () => {
    const { access_token, scope } = await tokenFor('member', {
      resource: DEFAULT_API_RESOURCE,
      organization_id: acme,
    });
    const { payload } = await verifyAccessToken(issuer, access_token, DEFAULT_API_RESOURCE);
    expect(payload).toMatchObject({ sub: member.id, organization_id: acme, aud: DEFAULT_API_RESOURCE });
    expect(scope).toBe('read:projects');
  });

  it('answers 403 for an organization the user is not a member of', async () => {
    const error = await grantError(
      tokenFor('member', { resource: DEFAULT_API_RESOURCE, organization_id: globex }),
    );
    expect(error).toMatchObject({ status: 403, error: 'access_denied' });
  });
});
