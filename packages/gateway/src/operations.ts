/**
 * `/healthz` (the process answers), `/readyz` (keys loaded for every issuer, not draining) and `/metrics`
 * (Prometheus).
 *
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { GuardKeySetState } from 'logto-guard';

import type { GatewayContext } from './context.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The key set as `/readyz` shows it: the core's state, times as ISO strings. */
function describeKeySet(state: GuardKeySetState) {
  const { lastFailure } = state;
  return {
    issuers: state.issuers,
    loaded: state.loaded,
    keyCount: state.keyCount,
    jwksUri: state.jwksUri,
    lastSuccessAt: iso(state.lastSuccessAt),
    consecutiveFailures: state.consecutiveFailures,
    lastFailure: lastFailure === undefined ? undefined : { ...lastFailure, at: iso(lastFailure.at) },
  };
}

/** Registers the three operations routes under `prefix` (`''` on their own port). */
export function registerOperations(app: FastifyInstance, context: GatewayContext, prefix: string): void {
  app.get(`${prefix}/healthz`, async () => ({ status: 'ok' }));
  app.get(`${prefix}/readyz`, async function readiness(_request, reply) {
    if (context.draining()) return reply.code(503).send({ status: 'draining' });
    // The guard's own key-set state. `warmUp` fetches only key sets that hold no keys yet, and never
    // faster than the guard's fetch-rate bound, so frequent probes add no load on Logto.
    const keySets = await context.decider().guard.warmUp();
    const ready = keySets.every((keySet) => keySet.loaded);
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      reason: ready ? undefined : 'signing keys not loaded for every issuer',
      keySets: keySets.map(describeKeySet),
    });
  });
  app.get(`${prefix}/metrics`, async (_request, reply) => {
    const { registry } = context.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
