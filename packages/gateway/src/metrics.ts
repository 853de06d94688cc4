/**
 * Prometheus metrics (prom-client) of one gateway, on its own registry.
 *
 * @module
 */
import type { GuardKeySetState } from 'logto-guard';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

import { createDurationHistogram } from './duration-histogram.js';

/** The gateway's metrics. */
export interface GatewayMetrics {
  readonly registry: Registry;
  /**
   * Counts one decision in `logto_guard_gateway_decisions_total{outcome,status}` (`outcome` is
   * `allowed`, `public` or the failure code) and its time in
   * `logto_guard_gateway_decision_duration_seconds`.
   */
  recordDecision(outcome: string, status: number, seconds: number): void;
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
  // Decisions are counted in plain numbers and handed to prom-client when it is scraped: a labelled
  // `inc()` costs more per request than the rest of the bookkeeping together.
  const decisionCounts = new Map<string, { outcome: string; status: number; count: number }>();
  new Counter({
    name: 'logto_guard_gateway_decisions_total',
    help: 'Access decisions by outcome (allowed, public, or the failure code) and HTTP status',
    labelNames: ['outcome', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { outcome, status, count } of decisionCounts.values()) {
        this.inc({ outcome, status: String(status) }, count);
      }
    },
  });
  const decisionDuration = createDurationHistogram({
    name: 'logto_guard_gateway_decision_duration_seconds',
    help: 'Time to decide one request, in seconds',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1, 5],
    registry,
  });
  return {
    registry,
    recordDecision(outcome, status, seconds) {
      // Keyed by outcome (a failure code always renders one status), else by outcome and status.
      let entry = decisionCounts.get(outcome);
      if (entry?.status !== status) {
        const key = `${outcome} ${status}`;
        entry = entry === undefined ? undefined : decisionCounts.get(key);
        if (entry === undefined) {
          entry = { outcome, status, count: 0 };
          decisionCounts.set(decisionCounts.has(outcome) ? key : outcome, entry);
        }
      }
      entry.count += 1;
      decisionDuration.observe(seconds);
    },
    keySetFetches: new Counter({
      name: 'logto_guard_gateway_key_set_fetches_total',
      help: 'Fetches of the discovery document and the key set (JWKS), by result',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
  };
}
