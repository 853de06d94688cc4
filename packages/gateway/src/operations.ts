/**
 * `/healthz` (the process answers), `/readyz` (keys loaded, not draining) and `/metrics` (Prometheus).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';

import type { GatewayContext } from './context.js';

/** Registers the three operations routes under `prefix` (`''` on their own port). */
export function registerOperations(app: FastifyInstance, context: GatewayContext, prefix: string): void {
  app.get(`${prefix}/healthz`, async () => ({ status: 'ok' }));
  app.get(`${prefix}/readyz`, async (_request, reply) => {
    if (context.draining()) return reply.code(503).send({ status: 'draining' });
    const ready = await context.decider().probe.warmUp();
    return ready
      ? { status: 'ready' }
      : reply.code(503).send({ status: 'not ready', reason: 'signing keys not loaded' });
  });
  app.get(`${prefix}/metrics`, async (_request, reply) => {
    const { registry } = context.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
