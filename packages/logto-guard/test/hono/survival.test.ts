import { serveFetch } from '@logto-guard/test-support';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requireAuth } from '../../src/hono/index.js';
import { runSurvivalContract } from '../contract/survival.js';

runSurvivalContract('hono', {
  start: ({ guard, policy, passErrors, timeout, routeRan }) => {
    const app = new Hono();
    // A request timeout as `hono/timeout` writes it: the first of the chain and the timer wins, the timer
    // by throwing an HTTPException that Hono's error handling answers.
    app.use(async (_c, next) => {
      const fired = timeout();
      if (fired === undefined) return next();
      const timedOut = fired.then(() => {
        throw new HTTPException(504, { res: Response.json({ error: 'timeout' }, { status: 504 }) });
      });
      await Promise.race([next(), timedOut]);
    });
    app.get('/health', (c) => c.json({ ok: true }));
    app.get('/api/products', requireAuth(guard, policy, { passErrors }), (c) => {
      routeRan();
      return c.json({ sub: c.get('auth')?.sub });
    });
    return serveFetch(app.fetch);
  },
  passErrors: true,
  // Hono's error handling: 500 for what throws while the answer is made; with passErrors the passed
  // failure's own response, its challenge left out.
  unwritableStatus: (passErrors) => (passErrors ? 401 : 500),
  seesSentResponse: true,
});
