/**
 * Hono sub-apps (`app.route`), `basePath`, and middleware on a pattern vs on a route: every guard a
 * request passes through applies (a sub-app's guard adds to its parent's, it never replaces it), and a
 * guard on a pattern with the parameter reads the organization from it.
 */
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, globalApi, organizationApi } from '../../src/core/index.js';
import { type AuthEnv, requireAuth } from '../../src/hono/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';

describe('hono sub-apps: every guard on the way applies', () => {
  let issuer: TestIssuer;
  let app: Hono<AuthEnv>;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const body = (c: { get(key: 'auth'): AuthEnv['Variables']['auth']; json(v: unknown): Response }) =>
      c.json({ sub: c.get('auth')?.sub, organizationId: c.get('auth')?.organizationId ?? null });
    app = new Hono<AuthEnv>();

    // /api: a guard on the parent's pattern, a stricter one on a sub-app route, a sub-app route with none.
    const admin = new Hono<AuthEnv>();
    admin.get('/settings', requireAuth(guard, globalApi({ scopes: ['admin'] })), body);
    admin.get('/status', body);
    app.use('/api/*', requireAuth(guard, globalApi({ scopes: ['read'] })));
    app.route('/api/admin', admin);

    // A sub-app with its own guard on every route, mounted under a parameter.
    const members = new Hono<AuthEnv>();
    members.use(requireAuth(guard, organizationApi()));
    members.get('/members', body);
    app.route('/teams/:organizationId', members);

    // The guard on the parent's pattern with the parameter, the routes in a sub-app.
    const projects = new Hono<AuthEnv>();
    projects.get('/projects', body);
    app.use('/orgs/:organizationId/*', requireAuth(guard, organizationApi()));
    app.route('/orgs/:organizationId', projects);

    // basePath: the guard covers the base path only.
    const v1 = new Hono<AuthEnv>().basePath('/v1');
    v1.use(requireAuth(guard, globalApi({ scopes: ['read'] })));
    v1.get('/products', body);
    app.route('/', v1);
    app.get('/health', (c) => c.json({ ok: true }));
  });

  const get = (path: string, token?: string) =>
    app.request(path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  const apiToken = (scopes: string[]) => issuer.mintApiToken(API, { scopes });

  it("rejects a token with the parent's scope but not the sub-app route's", async () => {
    const anonymous = await get('/api/admin/settings');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const reader = await get('/api/admin/settings', await apiToken(['read']));
    expect(reader.status).toBe(403);
    expect(reader.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="admin"',
    );
    expect((await get('/api/admin/settings', await apiToken(['admin']))).status).toBe(403);
    expect((await get('/api/admin/settings', await apiToken(['read', 'admin']))).status).toBe(200);
  });

  it('rejects anonymous calls to a sub-app route without a guard of its own under a protected pattern', async () => {
    expect((await get('/api/admin/status')).status).toBe(401);
    expect((await get('/api/admin/status', await apiToken(['read']))).status).toBe(200);
  });

  it.each([
    ['a sub-app guard mounted under a parameter', '/teams/:id/members'],
    ['a guard on the parent pattern with the parameter', '/orgs/:id/projects'],
  ])('rejects a token of another organization with %s', async (_case, path) => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-a');
    const own = await get(path.replace(':id', 'org-a'), token);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ sub: 'user-1', organizationId: 'org-a' });
    const other = await get(path.replace(':id', 'org-b'), token);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'Token is not for the organization of this request' });
  });

  it('rejects anonymous calls under a basePath guard, and leaves routes outside it alone', async () => {
    expect((await get('/v1/products')).status).toBe(401);
    expect((await get('/v1/products', await apiToken(['read']))).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
  });

  it("answers 500 organization_id_unavailable, not 200, for an organization guard on '*'", async () => {
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const star = new Hono<AuthEnv>();
    star.use('*', requireAuth(guard, organizationApi()));
    star.get('/orgs/:organizationId/projects', (c) => c.json({}));
    const response = await star.request('/orgs/org-a/projects', {
      headers: { authorization: `Bearer ${await issuer.mintOrganizationApiToken(API, 'org-a')}` },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: 'The server could not tell the organization of this request',
    });
  });
});
