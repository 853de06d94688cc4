/**
 * What the routes share: the current decider (swapped on reload), metrics, the logger, and `check`, the
 * one path every request's decision takes (timed, counted, failures logged).
 *
 * @module
 */
import type { Logger } from 'pino';

import type { Decision, DecisionInput } from './decide.js';
import type { Decider } from './decider.js';
import { decideLogged } from './failure-log.js';
import type { GatewayMetrics } from './metrics.js';

/** Shared by the forward-auth, reverse-proxy and operations routes. */
export interface GatewayContext {
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** The decider of the rules in force. */
  decider(): Decider;
  /** True once the gateway is shutting down (`/readyz` answers 503). */
  draining(): boolean;
  /** Decides `input` with the rules in force; records the outcome and logs a failure. */
  check(input: DecisionInput): Promise<Decision>;
}

/** Creates the context; `decider` and `draining` read the gateway's mutable state. */
export function createContext(
  metrics: GatewayMetrics,
  logger: Logger,
  decider: () => Decider,
  draining: () => boolean,
): GatewayContext {
  // One bound counter per outcome and status: prom-client hashes a label object on every `inc(labels)`.
  const counters = new Map<string, { inc(): void }>();
  const count = (outcome: string, status: number) => {
    const key = `${outcome} ${status}`;
    let counter = counters.get(key);
    if (counter === undefined) {
      counter = metrics.decisions.labels(outcome, String(status));
      counters.set(key, counter);
    }
    counter.inc();
  };
  return {
    metrics,
    logger,
    decider,
    draining,
    async check(input) {
      const started = performance.now();
      const decision = await decideLogged(logger, input, () => decider().decide(input));
      metrics.decisionDuration.observe((performance.now() - started) / 1000);
      count(decision.outcome, decision.allowed ? 200 : decision.response.status);
      return decision;
    },
  };
}
