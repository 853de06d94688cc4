import { serveFetch } from '@logto-guard/test-support';
import { Hono } from 'hono';
import type { Guard, Policy, ResourceMetadataOptions } from '../../src/core/index.js';
import { requireAuth, serveResourceMetadata } from '../../src/hono/index.js';
import { contractRoutes, runMetadataContract } from '../contract/contract.js';

function start(guard: Guard, options: ResourceMetadataOptions) {
  const app = new Hono();
  app.use(serveResourceMetadata(guard, options));
  for (const route of contractRoutes) {
    app.get(route.path, requireAuth(guard, route.policy as Policy<unknown>), (c) =>
      c.json({ auth: c.get('auth') ?? null }),
    );
  }
  return serveFetch(app.fetch);
}

runMetadataContract('hono', start);
