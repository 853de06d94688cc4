import Router from '@koa/router';
import { listenOnFreePort } from '@logto-guard/test-support';
import Koa from 'koa';
import Koa2 from 'koa2';
import { describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  LogtoGuardConfigError,
  LogtoGuardError,
  organizationApi,
} from '../../src/core/index.js';
import { type LogtoGuardState, requireAuth } from '../../src/koa/index.js';
import { createTestIssuer } from '../../src/testing/index.js';
import { API, contractRoutes, runContract } from '../contract/contract.js';

function serveContract(KoaClass: typeof Koa) {
  return (guard: Guard) => {
    const app = new KoaClass();
    const router = new Router<LogtoGuardState>();
    for (const route of contractRoutes) {
      router.get(route.path, requireAuth(guard, route.policy), (ctx) => {
        ctx.body = { auth: ctx.state.auth ?? null };
      });
    }
    app.use(router.routes());
    return listenOnFreePort(app);
  };
}

runContract('koa 3', serveContract(Koa));
// Koa 2 and 3 share their middleware signature; @types/koa 2 types Koa 2 (installed as `koa2`).
runContract('koa 2', serveContract(Koa2 as unknown as typeof Koa));

const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });

describe('koa adapter options', () => {
  it('throws the failure to upstream middleware with passErrors', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        expect(err).toBeInstanceOf(LogtoGuardError);
        const { status, headers, body } = guard.render(err as LogtoGuardError);
        ctx.status = status;
        ctx.set(headers);
        ctx.body = { ...body, handledBy: 'app' };
      }
    });
    app.use(requireAuth(guard, globalApi(), { passErrors: true }));
    app.use((ctx) => {
      ctx.body = {};
    });
    const server = await listenOnFreePort(app);
    try {
      const response = await fetch(`${server.url}/x`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      expect(await response.json()).toEqual({ error: 'Authorization header is missing', handledBy: 'app' });
    } finally {
      await server.close();
    }
  });

  it('passes the Koa context to the policy functions and works without a router', async () => {
    const issuer = await createTestIssuer();
    const local = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const policy = organizationApi<Koa.Context>({ organizationId: (ctx) => ctx.get('x-organization-id') });
    const app = new Koa<LogtoGuardState>();
    app.use(requireAuth(local, policy));
    app.use((ctx) => {
      ctx.body = { sub: ctx.state.auth?.sub };
    });
    const server = await listenOnFreePort(app as Koa);
    try {
      const token = await issuer.mintOrganizationApiToken(API, 'org-a');
      const ask = (organization: string) =>
        fetch(`${server.url}/x`, {
          headers: { authorization: `Bearer ${token}`, 'x-organization-id': organization },
        });
      const ok = await ask('org-a');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ sub: 'user-1' });
      expect((await ask('org-b')).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('rejects a passErrors option that is not a boolean', () => {
    expect(() => requireAuth(guard, globalApi(), { passErrors: 'yes' as never })).toThrow(
      LogtoGuardConfigError,
    );
  });
});
