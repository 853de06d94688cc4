/**
 * Koa with @koa/router: guards on parent routers, child routers and parameterized mounts. Every guard a
 * request passes through applies (a child's guard adds to its parent's, it never replaces it), and a
 * guard on a mount reads the organization from the mount's own parameters.
 */
import Router from '@koa/router';
import { listenOnFreePort, type RunningServer } from '@logto-guard/test-support';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, globalApi, organizationApi } from '../../src/core/index.js';
import { type LogtoGuardState, requireAuth } from '../../src/koa/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';

describe('koa router mounts: every guard on the way applies', () => {
  let issuer: TestIssuer;
  let server: RunningServer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const body = (ctx: Koa.ParameterizedContext<LogtoGuardState>) => {
      ctx.body = { sub: ctx.state.auth?.sub, organizationId: ctx.state.auth?.organizationId ?? null };
    };

    // /api: a guard on the parent router, a stricter one on a child route, a child route with none.
    const api = new Router<LogtoGuardState>({ prefix: '/api' });
    api.use(requireAuth(guard, globalApi({ scopes: ['read'] })));
    const admin = new Router<LogtoGuardState>();
    admin.get('/settings', requireAuth(guard, globalApi({ scopes: ['admin'] })), body);
    admin.get('/status', body);
    api.use('/admin', admin.routes());

    // /orgs/:organizationId: the guard on the parameterized mount, the routes in a child router.
    const orgs = new Router<LogtoGuardState>();
    const projects = new Router<LogtoGuardState>();
    projects.get('/projects', body);
    orgs.use('/orgs/:organizationId', requireAuth(guard, organizationApi()), projects.routes());

    // /teams/:organizationId: the guard inside the child router, mounted under a parameter.
    const teams = new Router<LogtoGuardState>();
    const members = new Router<LogtoGuardState>();
    members.use(requireAuth(guard, organizationApi()));
    members.get('/members', body);
    teams.use('/teams/:organizationId', members.routes());

    // A router whose prefix holds the parameter.
    const prefixed = new Router<LogtoGuardState>({ prefix: '/v1/orgs/:organizationId' });
    prefixed.use(requireAuth(guard, organizationApi()));
    prefixed.get('/projects', body);

    const app = new Koa<LogtoGuardState>();
    for (const router of [api, orgs, teams, prefixed]) app.use(router.routes());
    server = await listenOnFreePort(app as Koa);
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const apiToken = (scopes: string[]) => issuer.mintApiToken(API, { scopes });

  it("rejects a token with the parent's scope but not the child route's", async () => {
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

  it('rejects anonymous calls to a child route without a guard of its own under a protected parent', async () => {
    expect((await get('/api/admin/status')).status).toBe(401);
    expect((await get('/api/admin/status', await apiToken(['read']))).status).toBe(200);
  });

  it.each([
    ['a guard on the parameterized mount', '/orgs/:id/projects'],
    ['a guard in a child router mounted under a parameter', '/teams/:id/members'],
    ['a guard in a router whose prefix holds the parameter', '/v1/orgs/:id/projects'],
  ])('rejects a token of another organization with %s', async (_case, path) => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-a');
    const own = await get(path.replace(':id', 'org-a'), token);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ sub: 'user-1', organizationId: 'org-a' });
    const other = await get(path.replace(':id', 'org-b'), token);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: 'Token is not for the organization of this request' });
  });
});
