// openApiPathsOf: the OpenAPI `paths` of a @koa/router router's requireAuth routes (Koa 2 and 3), in a
// document a real validator accepts, served on 127.0.0.1.
import Router from '@koa/router';
import { listenOnFreePort } from '@logto-guard/test-support';
import Koa from 'koa';
import Koa2 from 'koa2';
import { describe, it } from 'vitest';
import { createGuard, openApiComponents } from '../../src/core/index.js';
import { type LogtoGuardState, openApiPathsOf, requireAuth } from '../../src/koa/index.js';
import { API, contractRoutes } from '../contract/contract.js';
import { expectContractOpenApi } from '../support/openapi-validator.js';

for (const [name, KoaClass] of [
  ['koa 3', Koa],
  ['koa 2', Koa2 as unknown as typeof Koa],
] as const) {
  describe(`openApiPathsOf (${name})`, () => {
    it('documents every requireAuth route with its scopes and 401/403, and no other route', async () => {
      const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
      const app = new KoaClass();
      const router = new Router<LogtoGuardState>();
      for (const route of contractRoutes) {
        router.get(route.path, requireAuth(guard, route.policy), (ctx) => {
          ctx.body = { auth: ctx.state.auth ?? null };
        });
      }
      router.post('/api/products', requireAuth(guard, contractRoutes[0]!.policy), (ctx) => {
        ctx.status = 201;
      });
      router.get('/health', (ctx) => {
        ctx.body = { ok: true };
      });
      router.get('/openapi.json', (ctx) => {
        ctx.body = {
          openapi: '3.1.0',
          info: { title: 'Contract API', version: '1.0.0' },
          paths: openApiPathsOf(router),
          components: openApiComponents(guard),
        };
      });
      app.use(router.routes());
      const server = await listenOnFreePort(app);
      const document = await (await fetch(`${server.url}/openapi.json`)).json();
      await server.close();
      await expectContractOpenApi(document);
    });
  });
}
