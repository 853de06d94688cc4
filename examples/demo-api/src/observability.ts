/**
 * What the operator of the demo sees of authentication failures: one pino JSON line per failure (on
 * stderr, so stdout keeps the banner), and Prometheus counters by code at `GET /metrics`. Both are fed by
 * logto-guard's `onFailure` hook, which never receives the token.
 *
 * @module
 */
import type { RequestHandler } from 'express';
import type { FailureEvent } from 'logto-guard';
import pino, { type DestinationStream } from 'pino';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** The demo's failure log and metrics. */
export interface Observability {
  /** Give it to `createGuard({ onFailure })`. */
  onFailure(event: FailureEvent): void;
  /** Serves the registry in Prometheus' text format. */
  metrics: RequestHandler;
  registry: Registry;
}

/**
 * Creates the failure log (to `destination`, default stderr) and a registry of its own (so two demos in
 * one process do not share counters): `logto_guard_failures_total{code,status}` and
 * `logto_guard_key_set_issues_total{code}`, plus Node's default metrics.
 *
 * @example
 * ```ts
 * const observability = createObservability();
 * const guard = createGuard({ endpoint, audience, onFailure: observability.onFailure });
 * ```
 */
export function createObservability(destination: DestinationStream = pino.destination(2)): Observability {
  const log = pino({ name: 'demo-api' }, destination);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const failures = new Counter({
    name: 'logto_guard_failures_total',
    help: 'Requests logto-guard refused, by code and HTTP status',
    labelNames: ['code', 'status'],
    registers: [registry],
  });
  const keySetIssues = new Counter({
    name: 'logto_guard_key_set_issues_total',
    help: 'Key-set entries logto-guard skipped, by code',
    labelNames: ['code'],
    registers: [registry],
  });
  return {
    onFailure(event) {
      if (event.type === 'key_set') {
        keySetIssues.inc({ code: event.code });
        log.warn({ auth: event }, 'key set entry skipped');
        return;
      }
      failures.inc({ code: event.code, status: event.status });
      // A client's mistake is routine (info); the server's or the issuer's is not (warn).
      log[event.status >= 500 ? 'warn' : 'info']({ auth: event }, 'authentication failure');
    },
    metrics: async function metrics(_req, res) {
      res.set('content-type', registry.contentType).send(await registry.metrics());
    },
    registry,
  };
}
