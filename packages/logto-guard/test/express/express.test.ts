import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Guard } from '../../src/core/index.js';
import { requireAuth } from '../../src/express/index.js';
import { contractRoutes, runContract } from '../contract/contract.js';

async function startExpress(guard: Guard) {
  const app = express();
  for (const route of contractRoutes) {
    app.get(route.path, requireAuth(guard, route.policy), (req, res) => {
      res.json({ auth: req.auth ?? null });
    });
  }
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

runContract('express', startExpress);
