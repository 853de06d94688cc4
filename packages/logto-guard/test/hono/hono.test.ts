import { serveFetch } from '@logto-guard/test-support';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guard, Policy } from '../../src/core/index.js';
import { createGuard, globalApi, LogtoGuardError, organizationApi } from '../../src/core/index.js';
import { type AuthEnv, requireAuth } from '../../src/hono/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API, contractRoutes, runContract } from '../contract/contract.js';

function startHono(guard: Guard) {
  const app = new Hono();
  for (const route of contractRoutes) {
    app.get(route.path, requireAuth(guard, route.policy as Policy<unknown>), (c) =>
      c.json({ auth: c.get('auth') ?? null }),
    );
  }
  return serveFetch(app.fetch);
}

runContract('hono', startHono);

describe('hono adapter', () => {
  let issuer: TestIssuer;
  let guard: Guard;
  const products = globalApi({ scopes: ['read:products'] });
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    issuer = await createTestIssuer();
    guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
  });
  afterAll(() => issuer.close());

  it('sets c.get("auth") for the handler, in-process with app.request()', async () => {
    const app = new Hono().get('/api/products', requireAuth(guard, products), (c) =>
      c.json({ sub: c.get('auth')?.sub, scopes: c.get('auth')?.scopes }),
    );
    const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
    const response = await app.request('/api/products', bearer(token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'user-1', scopes: ['read:products'] });
  });

  it('answers a missing scope with the exact challenge and does not run the handler', async () => {
    let ran = false;
    const app = new Hono<AuthEnv>();
    app.get('/api/products', requireAuth(guard, products), (c) => {
      ran = true;
      return c.text('never');
    });
    const response = await app.request('/api/products', bearer(await issuer.mintApiToken(API)));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="read:products"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'Insufficient scope' });
    expect(ran).toBe(false);
  });

  it('gives the Context to policy functions', async () => {
    const fromHeader = requireAuth(guard, organizationApi({ organizationId: (c) => c.req.header('x-org') }));
    const app = new Hono().get('/projects', fromHeader, (c) =>
      c.json({ organizationId: c.get('auth')?.organizationId }),
    );
    const token = await issuer.mintOrganizationApiToken(API, 'org-a');
    const response = await app.request('/projects', {
      headers: { authorization: `Bearer ${token}`, 'x-org': 'org-a' },
    });
    expect(await response.json()).toEqual({ organizationId: 'org-a' });
  });

  it('throws failures to app.onError with passErrors', async () => {
    const app = new Hono();
    app.get('/api/products', requireAuth(guard, products, { passErrors: true }), (c) => c.text('never'));
    app.onError((error, c) => {
      if (!(error instanceof LogtoGuardError)) throw error;
      return c.json({ code: error.code }, 418);
    });
    const response = await app.request('/api/products');
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ code: 'missing_authorization' });
  });

  it('throws LogtoGuardConfigError for a passErrors option that is not a boolean', () => {
    const call = () => requireAuth(guard, products, { passErrors: 'yes' as never });
    expect(call).toThrow(expect.objectContaining({ code: 'ERR_LOGTO_GUARD_OPTION', option: 'passErrors' }));
    expect(call).toThrow('options.passErrors must be a boolean');
  });
});
