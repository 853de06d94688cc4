import { listenOnFreePort } from '@logto-guard/test-support';
import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  LogtoGuardConfigError,
  LogtoGuardError,
} from '../../src/core/index.js';
import { requireAuth } from '../../src/express/index.js';
import { API, contractRoutes, runContract } from '../contract/contract.js';

type App = ReturnType<typeof express>;

function serveContract(createApp: () => App) {
  return (guard: Guard) => {
    const app = createApp();
    for (const route of contractRoutes) {
      app.get(route.path, requireAuth(guard, route.policy), (req, res) => {
        res.json({ auth: req.auth ?? null });
      });
    }
    return listenOnFreePort(app);
  };
}

runContract('express 5', serveContract(express));
runContract('express 4', serveContract(express4 as unknown as typeof express));

describe('express adapter options', () => {
  it('passes the failure to next(err) with passErrors', async () => {
    const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
    const app = express();
    app.get('/x', requireAuth(guard, globalApi(), { passErrors: true }), (_req, res) => {
      res.json({});
    });
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      expect(err).toBeInstanceOf(LogtoGuardError);
      const { status, headers, body } = guard.render(err as LogtoGuardError);
      res
        .status(status)
        .set(headers)
        .json({ ...body, handledBy: 'app' });
    });
    const server = await listenOnFreePort(app);
    try {
      const response = await fetch(`${server.url}/x`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'Authorization header is missing', handledBy: 'app' });
    } finally {
      await server.close();
    }
  });

  it('rejects a passErrors option that is not a boolean', () => {
    const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
    expect(() => requireAuth(guard, globalApi(), { passErrors: 'yes' as never })).toThrow(
      LogtoGuardConfigError,
    );
  });
});
