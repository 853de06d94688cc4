/** Hono sub-apps (`app.route`), `basePath`, and middleware on a pattern vs on a route. */
import { serveFetch } from '@logto-guard/test-support';
import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createGuard, globalApi, organizationApi } from '../../src/core/index.js';
import { type AuthEnv, requireAuth } from '../../src/hono/index.js';
import { createTestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';
import { runMountContract } from '../contract/mounts.js';

const body = (c: Context<AuthEnv>) =>
  c.json({ sub: c.get('auth')?.sub, organizationId: c.get('auth')?.organizationId ?? null });

runMountContract('hono sub-apps', {
  start: (guard) => {
    const app = new Hono<AuthEnv>();
    app.get('/health', (c) => c.json({ ok: true }));
    const admin = new Hono<AuthEnv>();
    admin.get('/settings', requireAuth(guard, globalApi({ scopes: ['admin'] })), body);
    admin.get('/status', body);
    app.use('/api/*', requireAuth(guard, globalApi({ scopes: ['read'] })));
    app.route('/api/admin', admin);

    const members = new Hono<AuthEnv>();
    members.use(requireAuth(guard, organizationApi()));
    members.get('/members', body);
    app.route('/teams/:organizationId', members);

    const projects = new Hono<AuthEnv>();
    projects.get('/projects', body);
    app.use('/orgs/:organizationId/*', requireAuth(guard, organizationApi()));
    app.route('/orgs/:organizationId', projects);

    const v1 = new Hono<AuthEnv>().basePath('/v1/orgs/:organizationId');
    v1.use(requireAuth(guard, organizationApi()));
    v1.get('/projects', body);
    app.route('/', v1);
    return serveFetch(app.fetch);
  },
  organizationPaths: [
    ['a sub-app guard mounted under a parameter', '/teams/:id/members'],
    ['a guard on the parent pattern with the parameter', '/orgs/:id/projects'],
    ['a guard in a sub-app whose basePath holds the parameter', '/v1/orgs/:id/projects'],
  ],
});

describe('hono: an organization guard that cannot see the parameter', () => {
  it("answers 500 organization_id_unavailable, not 200, for a guard on '*'", async () => {
    const issuer = await createTestIssuer();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const app = new Hono<AuthEnv>();
    app.use('*', requireAuth(guard, organizationApi()));
    app.get('/orgs/:organizationId/projects', (c) => c.json({}));
    const response = await app.request('/orgs/org-a/projects', {
      headers: { authorization: `Bearer ${await issuer.mintOrganizationApiToken(API, 'org-a')}` },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: 'The server could not tell the organization of this request',
    });
    await issuer.close();
  });
});
