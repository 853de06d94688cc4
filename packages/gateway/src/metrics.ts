/**
 * Prometheus metrics (prom-client) of one gateway, on its own registry.
 *
 * @module
 */
import type { GuardKeySetState } from 'logto-guard';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The gateway's metrics. */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** `logto_guard_gateway_decisions_total{outcome,status}`: `outcome` is `allowed`, `public` or the failure code. */
  readonly decisions: Counter<'outcome' | 'status'>;
  /** `logto_guard_gateway_decision_duration_seconds`. */
  readonly decisionDuration: Histogram;
  /** `logto_guard_gateway_key_set_fetches_total{kind,result}`: `kind` discovery|jwks, `result` ok|failed. */
  readonly keySetFetches: Counter<'kind' | 'result'>;
}

/** Reads the key-set state of the guard in force, when Prometheus scrapes. */
function keySetGauges(registry: Registry, keySets: () => readonly GuardKeySetState[]): void {
  new Gauge({
    name: 'logto_guard_gateway_key_set_loaded',
    help: 'Whether signing keys are loaded for the issuer (1) or not (0)',
    labelNames: ['issuer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const state of keySets()) this.set({ issuer: state.issuers[0] }, state.loaded ? 1 : 0);
    },
  });
  new Gauge({
    name: 'logto_guard_gateway_key_set_last_success_timestamp_seconds',
    help: 'When the key set of the issuer was last fetched successfully (Unix time)',
    labelNames: ['issuer'],
    registers: [registry],
    collect() {
      this.reset();
      for (const state of keySets()) {
        if (state.lastSuccessAt !== undefined)
          this.set({ issuer: state.issuers[0] }, state.lastSuccessAt / 1000);
      }
    },
  });
}

/**
 * Creates the metrics, plus prom-client's default process metrics, on a new registry; `keySets` gives the
 * key-set state of the guard in force (read at each scrape).
 */
export function createMetrics(keySets: () => readonly GuardKeySetState[]): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  keySetGauges(registry, keySets);
  return {
    registry,
    decisions: new Counter({
      name: 'logto_guard_gateway_decisions_total',
      help: 'Access decisions by outcome (allowed, public, or the failure code) and HTTP status',
      labelNames: ['outcome', 'status'],
      registers: [registry],
    }),
    decisionDuration: new Histogram({
      name: 'logto_guard_gateway_decision_duration_seconds',
      help: 'Time to decide one request, in seconds',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    keySetFetches: new Counter({
      name: 'logto_guard_gateway_key_set_fetches_total',
      help: 'Fetches of the discovery document and the key set (JWKS), by result',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
  };
}
