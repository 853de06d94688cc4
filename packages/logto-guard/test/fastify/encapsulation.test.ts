/**
 * Fastify hooks and plugin encapsulation: a guard added with `addHook` protects every route of its
 * context and of the contexts registered inside it, whatever the order of `addHook` and the routes; a
 * child context's guard adds to its parent's; route-level `onRequest` runs before a context's
 * `preHandler`, and both apply.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, globalApi, organizationApi } from '../../src/core/index.js';
import { logtoGuard, requireAuth } from '../../src/fastify/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';

describe('fastify contexts: every guard on the way applies', () => {
  let issuer: TestIssuer;
  let app: FastifyInstance;
  let url: string;
  const order: string[] = [];

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    app = Fastify();
    await app.register(logtoGuard, { guard });
    app.get('/health', async () => ({ ok: true }));
    const body = async (request: { auth: { sub: string; scopes: readonly string[] } | null }) => ({
      sub: request.auth?.sub,
    });
    await app.register(
      async (api) => {
        // Declared before the hook: Fastify still runs the context's hooks for it.
        api.get('/early', body);
        api.addHook('onRequest', requireAuth(guard, globalApi({ scopes: ['read'] })));
        api.get('/status', body);
        await api.register(async (admin) => {
          admin.addHook('onRequest', requireAuth(guard, globalApi({ scopes: ['admin'] })));
          admin.get('/admin/settings', body);
        });
      },
      { prefix: '/api' },
    );
    await app.register(async (orgs) => {
      orgs.addHook('onRequest', requireAuth(guard, organizationApi()));
      orgs.get('/orgs/:organizationId/projects', async (request) => ({
        organizationId: request.auth?.organizationId,
      }));
    });
    await app.register(async (ordered) => {
      const note = (name: string, hook: ReturnType<typeof requireAuth>) =>
        async function noted(this: FastifyInstance, ...args: Parameters<typeof hook>) {
          order.push(name);
          return hook.apply(this, args);
        };
      ordered.addHook('preHandler', note('preHandler', requireAuth(guard, globalApi({ scopes: ['admin'] }))));
      ordered.post(
        '/ordered',
        { onRequest: note('onRequest', requireAuth(guard, globalApi({ scopes: ['read'] }))) },
        body,
      );
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  const call = (path: string, token?: string, method = 'GET') =>
    fetch(`${url}${path}`, {
      method,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
  const apiToken = (scopes: string[]) => issuer.mintApiToken(API, { scopes });

  it('rejects anonymous calls to a route declared before the context adds its guard', async () => {
    expect((await call('/api/early')).status).toBe(401);
    expect((await call('/api/early', await apiToken(['read']))).status).toBe(200);
    expect((await call('/health')).status).toBe(200);
  });

  it("rejects a token with the parent context's scope but not the child context's", async () => {
    expect((await call('/api/status', await apiToken(['read']))).status).toBe(200);
    expect((await call('/api/admin/settings')).status).toBe(401);
    const reader = await call('/api/admin/settings', await apiToken(['read']));
    expect(reader.status).toBe(403);
    expect(reader.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="admin"',
    );
    expect((await call('/api/admin/settings', await apiToken(['admin']))).status).toBe(403);
    expect((await call('/api/admin/settings', await apiToken(['read', 'admin']))).status).toBe(200);
  });

  it("rejects a token of another organization with a context's onRequest guard", async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-a');
    expect(await (await call('/orgs/org-a/projects', token)).json()).toEqual({ organizationId: 'org-a' });
    expect((await call('/orgs/org-b/projects', token)).status).toBe(403);
  });

  it("rejects with the route's onRequest guard first, then the context's preHandler guard", async () => {
    order.length = 0;
    expect((await call('/ordered', undefined, 'POST')).status).toBe(401);
    expect(order).toEqual(['onRequest']);
    order.length = 0;
    const reader = await call('/ordered', await apiToken(['read']), 'POST');
    expect(reader.status).toBe(403);
    expect(reader.headers.get('www-authenticate')).toContain('scope="admin"');
    expect(order).toEqual(['onRequest', 'preHandler']);
    expect((await call('/ordered', await apiToken(['read', 'admin']), 'POST')).status).toBe(200);
  });
});
