/**
 * What the routes share: the current decider (swapped on reload), the metrics, and `check`, the
 * one path every request's decision takes (timed, counted, failures logged).
 *
 * @module
 */
import type { Decision, DecisionInput } from './decide.js';
import type { Decider } from './decider.js';
import type { GatewayMetrics } from './metrics.js';

/** Shared by the forward-auth, reverse-proxy and operations routes. */
export interface GatewayContext {
  readonly metrics: GatewayMetrics;
  /** The decider of the rules in force. */
  decider(): Decider;
  /** True once the gateway is shutting down (`/readyz` answers 503). */
  draining(): boolean;
  /**
   * Decides `input` with `decider` (take it from {@link GatewayContext.decider} once per request, so the
   * decision and the identity headers come from the same rules); records the outcome, logs a denial.
   */
  check(input: DecisionInput, decider: Decider): Promise<Decision>;
}

/** Creates the context; `decider` and `draining` read the gateway's mutable state. */
export function createContext(
  metrics: GatewayMetrics,
  decider: () => Decider,
  draining: () => boolean,
): GatewayContext {
  return {
    metrics,
    decider,
    draining,
    check(input, current) {
      const started = performance.now();
      return current.decide(input).then((decision) => {
        const seconds = (performance.now() - started) / 1000;
        if (decision.allowed) metrics.recordDecision(decision.outcome, 200, seconds);
        else {
          metrics.recordDecision(decision.outcome, decision.response.status, seconds);
          current.failureLog.denied(input, decision);
        }
        return decision;
      });
    },
  };
}
