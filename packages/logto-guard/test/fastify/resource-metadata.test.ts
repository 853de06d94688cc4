import Fastify from 'fastify';
import type { Guard, Policy, ResourceMetadataOptions } from '../../src/core/index.js';
import { logtoGuard, requireAuth, serveResourceMetadata } from '../../src/fastify/index.js';
import { contractRoutes, runMetadataContract } from '../contract/contract.js';

async function start(guard: Guard, options: ResourceMetadataOptions) {
  const app = Fastify();
  await app.register(logtoGuard, { guard });
  await app.register(serveResourceMetadata(guard, options));
  for (const route of contractRoutes) {
    const preHandler = requireAuth(guard, route.policy as Policy<unknown>);
    app.get(route.path, { preHandler }, async (request) => ({ auth: request.auth }));
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

runMetadataContract('fastify', start);
