/**
 * Fastify hooks and plugin encapsulation: a guard added with `addHook` protects every route of its
 * context and of the contexts registered inside it, whatever the order of `addHook` and the routes; a
 * child context's guard adds to its parent's; route-level `onRequest` runs before a context's
 * `preHandler`, and both apply.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, globalApi, organizationApi } from '../../src/core/index.js';
import { type FastifyGuardHook, logtoGuard, requireAuth } from '../../src/fastify/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';
import { runMountContract } from '../contract/mounts.js';

const body = async (request: FastifyRequest) => ({
  sub: request.auth?.sub,
  organizationId: request.auth?.organizationId ?? null,
});

runMountContract('fastify contexts', {
  start: async (guard) => {
    const app = Fastify();
    await app.register(logtoGuard, { guard });
    app.get('/health', async () => ({ ok: true }));
    await app.register(
      async (api) => {
        api.addHook('onRequest', requireAuth(guard, globalApi({ scopes: ['read'] })));
        await api.register(
          async (admin) => {
            admin.get('/status', body);
            await admin.register(async (settings) => {
              settings.addHook('onRequest', requireAuth(guard, globalApi({ scopes: ['admin'] })));
              settings.get('/settings', body);
            });
          },
          { prefix: '/admin' },
        );
      },
      { prefix: '/api' },
    );
    await app.register(async (orgs) => {
      orgs.addHook('onRequest', requireAuth(guard, organizationApi()));
      orgs.get('/orgs/:organizationId/projects', body);
    });
    await app.register(
      async (v1) => {
        v1.get('/projects', { onRequest: requireAuth(guard, organizationApi()) }, body);
      },
      { prefix: '/v1/orgs/:organizationId' },
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  },
  organizationPaths: [
    ["a context's onRequest hook", '/orgs/:id/projects'],
    ["a route's onRequest under a prefix that holds the parameter", '/v1/orgs/:id/projects'],
  ],
});

describe('fastify hooks: order', () => {
  let issuer: TestIssuer;
  let app: FastifyInstance;
  let url: string;
  const order: string[] = [];

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    app = Fastify();
    await app.register(logtoGuard, { guard });
    await app.register(async (api) => {
      // Declared before the hook: Fastify still runs the context's hooks for it.
      api.get('/early', body);
      api.addHook('onRequest', requireAuth(guard, globalApi({ scopes: ['read'] })));
    });
    await app.register(async (ordered) => {
      const note = (name: string, hook: FastifyGuardHook) =>
        async function noted(this: FastifyInstance, ...args: Parameters<FastifyGuardHook>) {
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
    expect((await call('/early')).status).toBe(401);
    expect((await call('/early', await apiToken(['read']))).status).toBe(200);
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
