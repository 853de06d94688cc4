import Router from '@koa/router';
import { listenOnFreePort } from '@logto-guard/test-support';
import Koa from 'koa';
import Koa2 from 'koa2';
import type { Guard, ResourceMetadataOptions } from '../../src/core/index.js';
import { type LogtoGuardState, requireAuth, serveResourceMetadata } from '../../src/koa/index.js';
import { contractRoutes, runMetadataContract } from '../contract/contract.js';

function serve(KoaClass: typeof Koa) {
  return async (guard: Guard, options: ResourceMetadataOptions) => {
    const app = new KoaClass();
    const router = new Router<LogtoGuardState>();
    for (const route of contractRoutes) {
      router.get(route.path, requireAuth(guard, route.policy), (ctx) => {
        ctx.body = { auth: ctx.state.auth ?? null };
      });
    }
    app.use(serveResourceMetadata(guard, options));
    app.use(router.routes());
    return listenOnFreePort(app);
  };
}

runMetadataContract('koa 3', serve(Koa));
runMetadataContract('koa 2', serve(Koa2 as unknown as typeof Koa));
