import { serveFetch } from '@logto-guard/test-support';
import { withAuth } from '../../src/fetch/index.js';
import { runSurvivalContract } from '../contract/survival.js';

runSurvivalContract('fetch', {
  start: ({ guard, policy, timeout, routeRan }) => {
    const products = withAuth(guard, policy, (_request, auth) => {
      routeRan();
      return Response.json({ sub: auth?.sub });
    });
    return serveFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/health') return Response.json({ ok: true });
      if (pathname !== '/api/products') return Response.json({ error: 'not found' }, { status: 404 });
      // A request timeout around the handler: the runtime sends whichever answer comes first.
      const fired = timeout();
      if (fired === undefined) return products(request);
      const timedOut = fired.then(() => Response.json({ error: 'timeout' }, { status: 504 }));
      return Promise.race([products(request), timedOut]);
    });
  },
  passErrors: false,
  // `withAuth` rejects, and the runtime (here @hono/node-server) answers 500.
  unwritableStatus: () => 500,
  seesSentResponse: false,
});
