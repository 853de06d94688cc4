import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningDemo, startDemo } from '../src/start.js';
import {
  API_RESOURCE,
  call,
  expectDenied,
  expectForbidden,
  expectUnauthenticated,
  fullAccess,
  globexMember,
  tokenFor,
} from './helpers.js';

let demo: RunningDemo;
/** Organization token of the full-access app (admin of org-acme). */
let acmeToken: string;
/** Organization token of the globex member (read:members only). */
let globexToken: string;
/** Organization-level API token of the full-access app for org-acme. */
let acmeApiToken: string;
/** Global API token of the full-access app (no organization). */
let globalToken: string;

const organizationAuth = (clientId: string, organizationId: string, scopes: string[]) => ({
  sub: clientId,
  clientId,
  organizationId, // the organization of the token's aud
  scopes,
  audience: [`urn:logto:organization:${organizationId}`],
});

const invite = (organizationId: string, token: string, json: unknown) =>
  call(demo.url, `/api/organizations/${organizationId}/invitations`, { method: 'POST', token, json });

beforeAll(async () => {
  demo = await startDemo({ port: 0, issuerPort: 0 });
  const issuer = demo.devIssuer!;
  [acmeToken, globexToken, acmeApiToken, globalToken] = await Promise.all([
    tokenFor(issuer, fullAccess, { organizationId: 'org-acme', scope: 'read:members invite:member' }),
    tokenFor(issuer, globexMember, { organizationId: 'org-globex', scope: 'read:members invite:member' }),
    tokenFor(issuer, fullAccess, {
      resource: API_RESOURCE,
      organizationId: 'org-acme',
      scope: 'read:projects',
    }),
    tokenFor(issuer, fullAccess, { resource: API_RESOURCE, scope: 'api:read api:write read:projects' }),
  ]);
});

afterAll(async () => {
  await demo?.close();
});

describe('GET /api/organizations/:organizationId/members (organization permissions, read:members)', () => {
  it("lists org-acme's members for an org-acme token", async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/members', { token: acmeToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      organizationId: 'org-acme',
      members: [
        { id: 'user-alice', name: 'Alice', role: 'admin' },
        { id: 'user-bob', name: 'Bob', role: 'member' },
      ],
      auth: organizationAuth(fullAccess.id, 'org-acme', ['read:members', 'invite:member']),
    });
  });

  it("lists org-globex's members for the globex member", async () => {
    const res = await call(demo.url, '/api/organizations/org-globex/members', { token: globexToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organizationId: 'org-globex', auth: { clientId: globexMember.id } });
  });

  it('rejects an org-acme token on org-globex: 403', async () => {
    const res = await call(demo.url, '/api/organizations/org-globex/members', { token: acmeToken });
    expectDenied(res, 'organization');
  });

  it('rejects an org-acme token on an organization whose id it prefixes: 403', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme-2/members', { token: acmeToken });
    expectDenied(res, 'organization');
  });

  it('rejects a global API token: 403', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/members', { token: globalToken });
    expectDenied(res, 'organization');
  });

  it('rejects an organization-level API token (its aud is the API, not the organization): 403', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/members', { token: acmeApiToken });
    expectDenied(res, 'organization');
  });

  it('rejects a request without a token: 401', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/members');
    expectUnauthenticated(res);
  });
});

describe('POST /api/organizations/:organizationId/invitations (organization permissions, invite:member)', () => {
  it('creates an invitation for an org-acme admin: 201', async () => {
    const res = await invite('org-acme', acmeToken, { email: 'new@example.com' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      invitation: { email: 'new@example.com', organizationId: 'org-acme', invitedBy: fullAccess.id },
      auth: { audience: ['urn:logto:organization:org-acme'] },
    });
  });

  it('rejects the globex member, who lacks invite:member: 403 naming it', async () => {
    const res = await invite('org-globex', globexToken, { email: 'new@example.com' });
    expectForbidden(res, 'invite:member');
  });

  it('rejects an org-acme token on org-globex: 403', async () => {
    expectDenied(await invite('org-globex', acmeToken, { email: 'new@example.com' }), 'organization');
  });

  it('rejects a bad email after authorization: 400', async () => {
    const res = await invite('org-acme', acmeToken, { email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'Invalid request body',
      details: ['"email" must be an email address'],
    });
  });

  it('checks the token before the body: 403 for a bad body on the wrong organization', async () => {
    expectDenied(await invite('org-globex', acmeToken, '{oops'), 'organization');
  });
});

describe('GET /api/organizations/:organizationId/projects (organization-level API, read:projects)', () => {
  it('lists the projects with the organizationId of the token', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/projects', { token: acmeApiToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      organizationId: 'org-acme',
      projects: [
        { id: 'proj-rocket', name: 'Rocket skates' },
        { id: 'proj-anvil', name: 'Portable anvil' },
      ],
      auth: {
        sub: fullAccess.id,
        clientId: fullAccess.id,
        organizationId: 'org-acme',
        scopes: ['read:projects'],
        audience: [API_RESOURCE],
      },
    });
  });

  it("rejects the org-acme API token on org-globex's projects: 403", async () => {
    const res = await call(demo.url, '/api/organizations/org-globex/projects', { token: acmeApiToken });
    expectDenied(res, 'organization');
  });

  it('rejects a global API token holding read:projects (no organization_id): 403', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/projects', { token: globalToken });
    expectDenied(res, 'organization');
  });

  it('rejects an organization token (aud is the organization, not the API): 403', async () => {
    const res = await call(demo.url, '/api/organizations/org-acme/projects', { token: acmeToken });
    expectDenied(res, 'audience');
  });

  it('serves the globex member on its own organization', async () => {
    const token = await tokenFor(demo.devIssuer!, globexMember, {
      resource: API_RESOURCE,
      organizationId: 'org-globex',
      scope: 'read:projects',
    });
    const res = await call(demo.url, '/api/organizations/org-globex/projects', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ auth: { organizationId: 'org-globex', clientId: globexMember.id } });
  });
});
