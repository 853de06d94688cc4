import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guard, Policy } from '../../src/core/index.js';
import { createGuard, globalApi, LogtoGuardError, organizationApi } from '../../src/core/index.js';
import { logtoGuard, requireAuth } from '../../src/fastify/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API, contractRoutes, runContract } from '../contract/contract.js';

async function startFastify(guard: Guard) {
  const app = Fastify();
  await app.register(logtoGuard, { guard });
  for (const route of contractRoutes) {
    const onRequest = requireAuth(guard, route.policy as Policy<unknown>);
    app.get(route.path, { onRequest }, async (request) => ({ auth: request.auth }));
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

runContract('fastify', startFastify, {
  create: (guard) => requireAuth(guard, globalApi(), { passErrrors: true } as never),
  key: 'passErrrors',
  suggests: 'passErrors',
});

describe('fastify adapter', () => {
  let issuer: TestIssuer;
  let guard: Guard;
  let app: FastifyInstance;
  const products = globalApi({ scopes: ['read:products'] });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    issuer = await createTestIssuer();
    guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    app = Fastify();
    await app.register(logtoGuard, { guard });
    app.get('/public', async (request) => ({ auth: request.auth }));
    app.get('/api/products', { preHandler: requireAuth(app.logtoGuard, products) }, async (request) => ({
      sub: request.auth?.sub,
    }));
    const fromHeader = requireAuth(
      guard,
      organizationApi({ organizationId: (request) => request.headers['x-org'] as string }),
    );
    app.get('/projects', { preHandler: fromHeader }, async (request) => ({
      organizationId: request.auth?.organizationId,
    }));
    await app.register(async (scoped) => {
      scoped.addHook('preHandler', requireAuth(guard, products, { passErrors: true }));
      scoped.setErrorHandler(async (error, _request, reply) => {
        if (!(error instanceof LogtoGuardError)) throw error;
        return reply.code(418).send({ code: error.code });
      });
      scoped.get('/scoped', async () => ({ ran: true }));
    });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
  });

  it('decorates requests with auth and the instance with the guard', () => {
    expect(app.hasRequestDecorator('auth')).toBe(true);
    expect(app.logtoGuard).toBe(guard);
  });

  it('leaves request.auth null on an unprotected route', async () => {
    const response = await app.inject({ url: '/public', headers: bearer('anything') });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ auth: null });
  });

  it('sets request.auth through app.inject()', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
    const response = await app.inject({ url: '/api/products', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ sub: 'user-1' });
  });

  it('answers a failure with the exact status, headers and body', async () => {
    const response = await app.inject({ url: '/api/products' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({ error: 'Authorization header is missing' });
  });

  it('gives the FastifyRequest to policy functions', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-a');
    const response = await app.inject({ url: '/projects', headers: { ...bearer(token), 'x-org': 'org-a' } });
    expect(response.json()).toEqual({ organizationId: 'org-a' });
  });

  it('throws failures to the error handler with passErrors, also as an addHook hook', async () => {
    const response = await app.inject({ url: '/scoped' });
    expect(response.statusCode).toBe(418);
    expect(response.json()).toEqual({ code: 'missing_authorization' });
  });

  it('rejects a plugin registration without a guard', async () => {
    const bare = Fastify();
    await expect(bare.register(logtoGuard, {} as never)).rejects.toThrow(
      expect.objectContaining({ code: 'ERR_LOGTO_GUARD_OPTION', option: 'guard' }),
    );
    await bare.close();
  });

  it('throws LogtoGuardConfigError for a passErrors option that is not a boolean', () => {
    const call = () => requireAuth(guard, products, { passErrors: 1 as never });
    expect(call).toThrow(expect.objectContaining({ code: 'ERR_LOGTO_GUARD_OPTION', option: 'passErrors' }));
    expect(call).toThrow('options.passErrors must be a boolean');
  });
});
