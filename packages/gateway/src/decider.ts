/**
 * A rules file turned into something that decides: the guard, the compiled rules, the header names.
 * A reload builds a new one and swaps it in whole, so a request sees either the old rules or the new.
 *
 * @module
 */
import { createGuard, type Guard, LogtoGuardConfigError } from 'logto-guard';

import { GatewayConfigError } from './config/errors.js';
import type { GatewayConfig, IdentityHeaderNames } from './config/types.js';
import { type Decision, type DecisionInput, decide } from './decide.js';
import { logGuardFailure } from './failure-log.js';
import { identityHeaderNames } from './identity.js';
import { countedFetch } from './key-set-fetches.js';
import type { GatewayMetrics } from './metrics.js';
import { compileRules, type RuleSet } from './rules.js';

/** Everything a request needs, built from one version of the rules file. */
export interface Decider {
  readonly config: GatewayConfig;
  readonly guard: Guard;
  readonly rules: RuleSet;
  readonly headerNames: IdentityHeaderNames;
  /** Lower-case identity header names, removed from client requests. */
  readonly strippedHeaders: readonly string[];
  decide(input: DecisionInput): Promise<Decision>;
}

/** Options of {@link createDecider}. */
export interface DeciderOptions {
  /** Names the file in errors. */
  file: string;
  metrics: GatewayMetrics;
  /** The decider being replaced: its guard (keys, token cache) is kept when `guard` options are unchanged. */
  previous?: Decider;
  /** Fetch for discovery and keys. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/**
 * Builds a decider. Every part is checked now.
 *
 * @throws {GatewayConfigError} when `createGuard` or a rule refuses the file, naming the field.
 */
export function createDecider(config: GatewayConfig, options: DeciderOptions): Decider {
  const { previous } = options;
  let guard: Guard;
  if (previous !== undefined && JSON.stringify(previous.config.guard) === JSON.stringify(config.guard)) {
    ({ guard } = previous);
  } else {
    try {
      // Failures are logged by the guard's hook (failure-log.ts), with the request in scope.
      const fetch = countedFetch(options.metrics, options.fetch);
      guard = createGuard({ ...config.guard, fetch, onFailure: logGuardFailure });
    } catch (error) {
      if (error instanceof LogtoGuardConfigError) {
        throw new GatewayConfigError(options.file, { field: `guard.${error.option}` }, error.message);
      }
      throw error;
    }
  }
  const rules = compileRules(config.rules, options.file);
  const { unmatched } = config;
  return Object.freeze({
    config,
    guard,
    rules,
    headerNames: config.identityHeaders,
    strippedHeaders: Object.freeze(identityHeaderNames(config.identityHeaders)),
    decide: (input: DecisionInput) => decide(guard, rules, unmatched, input),
  });
}
