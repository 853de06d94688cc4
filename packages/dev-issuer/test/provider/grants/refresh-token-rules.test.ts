/**
 * The refresh_token grant's organization rules at their edges, as an app holding a refresh token sees
 * them: the status and OAuth error it gets, the token response's fields and the claims of the token
 * (issue 17: the tests that pin the dev issuer's token rules).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_ORGANIZATIONS,
  type DevIssuer,
  startDevIssuer,
} from '../../../src/index.js';
import { decode, verifyAccessToken } from '../../helpers.js';
import {
  admin,
  clientFor,
  grantError,
  member,
  ORGANIZATIONS_RESOURCE,
  refresh,
  signIn,
  spa,
} from '../../users.js';

const { acme } = DEFAULT_ORGANIZATIONS;
const orgAudience = (id: string) => `urn:logto:organization:${id}`;

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});

afterAll(async () => {
  await issuer?.close();
});

describe('the organization token response', () => {
  it('answers Bearer, the lifetime, the scope, and the refresh token it was sent (not rotated)', async () => {
    const { config, tokens } = await signIn(issuer, { user: admin });
    const response = await refresh(config, tokens.refresh_token!, {
      organization_id: acme,
      scope: 'read:members',
    });
    expect(response.token_type.toLowerCase()).toBe('bearer');
    expect(response.expires_in).toBe(3600);
    expect(response.scope).toBe('read:members');
    expect(response.refresh_token).toBe(tokens.refresh_token);
    const { payload } = await verifyAccessToken(issuer, response.access_token, orgAudience(acme));
    expect(payload).toMatchObject({ sub: admin.id, client_id: spa.id, scope: 'read:members' });
    expect(payload.exp! - payload.iat!).toBe(3600);
    // The same refresh token still works: it was not consumed.
    const again = await refresh(config, tokens.refresh_token!, { organization_id: acme });
    expect(again.scope?.split(' ').sort()).toEqual(['invite:member', 'read:members']);
  });

  it('answers scope "" and no scope claim when the sign-in asked for no organization permission', async () => {
    const { config, tokens } = await signIn(issuer, {
      user: admin,
      scope: 'openid offline_access urn:logto:scope:organizations',
    });
    const response = await refresh(config, tokens.refresh_token!, { organization_id: acme });
    expect(response.scope).toBe('');
    expect('scope' in decode(response.access_token).payload).toBe(false);
  });
});

describe('refresh tokens it refuses for an organization token', () => {
  it('refuses a scope the refresh token does not carry with invalid_scope, naming it', async () => {
    const { config, tokens } = await signIn(issuer, {
      user: admin,
      scope: 'openid offline_access urn:logto:scope:organizations read:members',
    });
    const error = await grantError(
      refresh(config, tokens.refresh_token!, { organization_id: acme, scope: 'read:members invite:member' }),
    );
    expect(error).toEqual({
      status: 400,
      error: 'invalid_scope',
      description: 'refresh token missing requested scope',
    });
  });

  it('refuses a refresh token already used (rotated away) with invalid_grant', async () => {
    const { config, tokens } = await signIn(issuer, { user: admin });
    // The single-page app is a public client: this refresh rotates the refresh token.
    const rotated = await refresh(config, tokens.refresh_token!, { resource: DEFAULT_API_RESOURCE });
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const error = await grantError(refresh(config, tokens.refresh_token!, { organization_id: acme }));
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('refuses another app’s refresh token with invalid_grant', async () => {
    const web = await signIn(issuer, { user: admin, app: 'traditional' });
    expect(web.tokens.refresh_token).toEqual(expect.any(String));
    const error = await grantError(
      refresh(await clientFor(issuer, 'spa'), web.tokens.refresh_token!, { organization_id: acme }),
    );
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant' });
  });

  it('names the missing scope when the sign-in did not ask for organizations (403 insufficient_scope)', async () => {
    const { config, tokens } = await signIn(issuer, {
      user: admin,
      scope: 'openid offline_access read:members',
    });
    const error = await grantError(refresh(config, tokens.refresh_token!, { organization_id: acme }));
    expect(error).toEqual({
      status: 403,
      error: 'insufficient_scope',
      description: 'refresh token missing required scope',
    });
  });

  it('treats an empty organization_id as absent: the plain refresh grant', async () => {
    const { config, tokens } = await signIn(issuer, { user: member });
    const response = await refresh(config, tokens.refresh_token!, {
      organization_id: '',
      resource: DEFAULT_API_RESOURCE,
    });
    const { payload } = decode(response.access_token);
    expect(payload.aud).toBe(DEFAULT_API_RESOURCE);
    expect(payload.organization_id).toBeUndefined();
  });
});

describe('the organizations resource (urn:logto:resource:organizations)', () => {
  it('grants a user only the organization permissions held in some organization', async () => {
    const { config, tokens } = await signIn(issuer, { user: member });
    const response = await refresh(config, tokens.refresh_token!, { resource: ORGANIZATIONS_RESOURCE });
    expect(response.scope).toBe('read:members');
    expect(decode(response.access_token).payload).toMatchObject({
      aud: ORGANIZATIONS_RESOURCE,
      sub: member.id,
      scope: 'read:members',
    });
  });

  it('grants an admin of two organizations each permission once', async () => {
    const { config, tokens } = await signIn(issuer, { user: admin });
    const response = await refresh(config, tokens.refresh_token!, { resource: ORGANIZATIONS_RESOURCE });
    expect(response.scope).toBe('read:members invite:member');
  });
});
