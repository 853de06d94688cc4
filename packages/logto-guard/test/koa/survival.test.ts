import Router from '@koa/router';
import { listenOnFreePort } from '@logto-guard/test-support';
import Koa from 'koa';
import Koa2 from 'koa2';
import { type LogtoGuardState, requireAuth } from '../../src/koa/index.js';
import { runSurvivalContract, type StartSurvivalServer } from '../contract/survival.js';

const serveWith =
  (KoaClass: typeof Koa): StartSurvivalServer =>
  ({ guard, policy, passErrors, timeout, routeRan }) => {
    const app = new KoaClass();
    app.silent = true;
    // A request timeout as Koa's timeout middlewares write it: the first of the chain and the timer wins,
    // and Koa sends what the context holds then.
    app.use(async (ctx, next) => {
      const fired = timeout();
      if (fired === undefined) return next();
      await Promise.race([
        next(),
        fired.then(() => {
          ctx.status = 504;
          ctx.body = { error: 'timeout' };
        }),
      ]);
    });
    const router = new Router<LogtoGuardState>();
    router.get('/health', (ctx) => {
      ctx.body = { ok: true };
    });
    router.get('/api/products', requireAuth(guard, policy, { passErrors }), (ctx) => {
      routeRan();
      ctx.body = { sub: ctx.state.auth?.sub };
    });
    app.use(router.routes());
    return listenOnFreePort(app);
  };

// Koa's default error handler answers 500 for what throws while the answer is set, and the passed
// failure's own status (its challenge left out when Node would refuse it).
for (const [name, KoaClass] of [
  ['koa 3', Koa],
  ['koa 2', Koa2 as unknown as typeof Koa],
] as const) {
  runSurvivalContract(name, {
    start: serveWith(KoaClass),
    passErrors: true,
    unwritableStatus: (passErrors) => (passErrors ? 401 : 500),
    seesSentResponse: true,
  });
}
