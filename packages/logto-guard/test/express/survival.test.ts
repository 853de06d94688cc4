import { listenOnFreePort } from '@logto-guard/test-support';
import express from 'express';
import express4 from 'express4';
import { requireAuth } from '../../src/express/index.js';
import { runSurvivalContract, type StartSurvivalServer } from '../contract/survival.js';

type App = ReturnType<typeof express>;

const serveWith =
  (createApp: () => App): StartSurvivalServer =>
  ({ guard, policy, passErrors, timeout, routeRan }) => {
    const app = createApp();
    // A request timeout: it answers while the guard is still checking.
    app.use((_req, res, next) => {
      timeout()?.then(() => res.status(504).json({ error: 'timeout' }));
      next();
    });
    app.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/api/products', requireAuth(guard, policy, { passErrors }), (req, res) => {
      routeRan();
      res.json({ sub: req.auth?.sub });
    });
    return listenOnFreePort(app);
  };

// Express's own error handler answers with the status already set (401), as an HTML page.
for (const [name, createApp] of [
  ['express 5', express],
  ['express 4', express4 as unknown as () => App],
] as const) {
  runSurvivalContract(name, {
    start: serveWith(createApp),
    passErrors: true,
    unwritableStatus: () => 401,
    seesSentResponse: true,
  });
}
