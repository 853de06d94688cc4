/**
 * Token rules that depend on how an issuer is set up: what its discovery document offers, the default
 * API, the lifetime and `emptyOrganizationScopeClaim` options on user tokens, and a world with two APIs
 * (issue 17: the tests that pin the dev issuer's token rules).
 *
 * Each test starts its own issuer inside the test, not in `beforeAll`: the provider's setup (its
 * features, the grants it registers, its account lookup) runs while the issuer starts, and the mutation
 * runner only credits a test with the code that runs during the test itself.
 */
import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';

import {
  createDefaultWorld,
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  DEFAULT_ORGANIZATIONS,
  type DevIssuer,
  startDevIssuer,
} from '../../src/index.js';
import { decode, tokenFor } from '../helpers.js';
import { admin, refresh, signIn } from '../users.js';

const { acme } = DEFAULT_ORGANIZATIONS;
const { fullAccess } = DEFAULT_APPLICATIONS;
const OTHER_API = 'https://other.example.com';

let running: DevIssuer[] = [];

async function start(options: Parameters<typeof startDevIssuer>[0] = {}): Promise<DevIssuer> {
  const issuer = await startDevIssuer({ port: 0, ...options });
  running.push(issuer);
  return issuer;
}

afterEach(async () => {
  await Promise.all(running.map((issuer) => issuer.close()));
  running = [];
});

/** The default world plus a second API, `OTHER_API`, marked as Logto's default API. */
function worldWithDefaultApi() {
  const world = createDefaultWorld();
  return {
    ...world,
    resources: [
      ...(world.resources ?? []),
      { indicator: OTHER_API, name: 'Other API', permissions: ['other:read', 'api:read'], default: true },
    ],
    roles: (world.roles ?? []).map((role) =>
      role.name === 'api-full-access'
        ? {
            ...role,
            permissions: [...(role.permissions ?? []), { resource: OTHER_API, scopes: ['other:read'] }],
          }
        : role,
    ),
  };
}

describe('what the issuer offers', () => {
  it('publishes revocation, userinfo and sign-out, and no introspection, PAR or DPoP', async () => {
    const issuer = await start();
    const response = await fetch(`${issuer.issuer}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery.revocation_endpoint).toBe(`${issuer.issuer}/token/revocation`);
    expect(discovery.userinfo_endpoint).toBe(`${issuer.issuer}/me`);
    expect(discovery.end_session_endpoint).toBe(`${issuer.issuer}/session/end`);
    expect(discovery).not.toHaveProperty('introspection_endpoint');
    expect(discovery).not.toHaveProperty('pushed_authorization_request_endpoint');
    expect(discovery).not.toHaveProperty('dpop_signing_alg_values_supported');
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
  });

  it('answers the userinfo endpoint for a signed-in user’s opaque token', async () => {
    const issuer = await start();
    const { config, tokens } = await signIn(issuer, { user: admin, resources: [] });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, admin.id);
    expect(userinfo).toMatchObject({ sub: admin.id, username: 'admin' });
  });
});

describe('user tokens on an issuer set up with options', () => {
  it('gives refreshed user tokens the configured lifetime, the organization token its scope', async () => {
    const issuer = await start({ accessTokenTtl: 600, emptyOrganizationScopeClaim: true });
    const { config, tokens } = await signIn(issuer, { user: admin });
    const api = await refresh(config, tokens.refresh_token!, { resource: DEFAULT_API_RESOURCE });
    const apiToken = decode(api.access_token).payload;
    expect(apiToken.aud).toBe(DEFAULT_API_RESOURCE);
    expect(apiToken.exp! - apiToken.iat!).toBe(600);
    expect(api.expires_in).toBe(600);

    // The single-page app's refresh token was rotated by the first refresh.
    const organization = await refresh(config, api.refresh_token!, { organization_id: acme });
    const organizationToken = decode(organization.access_token).payload;
    expect(organizationToken.exp! - organizationToken.iat!).toBe(600);
    // emptyOrganizationScopeClaim only writes `scope: ""` when nothing is granted.
    expect(organizationToken.scope).toBe('read:members invite:member');
  });

  it('gives a user’s organization-level API token only the organization roles’ API permissions', async () => {
    const issuer = await start();
    const { config, tokens } = await signIn(issuer, { user: admin });
    const response = await refresh(config, tokens.refresh_token!, {
      resource: DEFAULT_API_RESOURCE,
      organization_id: acme,
    });
    // The admin's global role grants every API permission; the organization role only read:projects.
    expect(response.scope).toBe('read:projects');
    expect(decode(response.access_token).payload).toMatchObject({
      organization_id: acme,
      scope: 'read:projects',
    });
  });

  it('issues an opaque token at the code exchange when a single API was asked for at sign-in', async () => {
    const issuer = await start();
    const { tokens } = await signIn(issuer, { user: admin, resources: [DEFAULT_API_RESOURCE] });
    expect(tokens.access_token.split('.')).toHaveLength(1);
  });
});

describe('a world with a default API', () => {
  it('issues an organization token, not a default API token, for organization_id alone', async () => {
    const issuer = await start({ world: worldWithDefaultApi() });
    const response = await tokenFor(issuer, fullAccess, { organizationId: acme, scope: 'read:members' });
    expect(decode(response.access_token).payload.aud).toBe(`urn:logto:organization:${acme}`);
  });

  it('issues the token for the API asked for, not the default one', async () => {
    const issuer = await start({ world: worldWithDefaultApi() });
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    expect(decode(response.access_token).payload.aud).toBe(DEFAULT_API_RESOURCE);
  });

  it('never grants a permission of one API on a token for another', async () => {
    const issuer = await start({ world: worldWithDefaultApi() });
    const api = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'other:read api:read',
    });
    expect(api.scope).toBe('api:read');
    // The full-access role grants api:read on the demo API only; the other API also defines api:read.
    const other = await tokenFor(issuer, fullAccess, { resource: OTHER_API, scope: 'other:read api:read' });
    expect(other.scope).toBe('other:read');
  });
});
