/**
 * A rules file turned into something that decides: the guard, the compiled rules, the header names.
 * A reload builds a new one and swaps it in whole, so a request sees either the old rules or the new.
 *
 * @module
 */
import { type AuthInfo, createGuard, type Guard, LogtoGuardConfigError } from 'logto-guard';
import type { Logger } from 'pino';

import { GatewayConfigError } from './config/errors.js';
import type { GatewayConfig } from './config/types.js';
import { type Decision, type DecisionInput, decide } from './decide.js';
import { createFailureLog, type FailureLog } from './failure-log.js';
import { identityHeaderNames, identityHeaders } from './identity.js';
import { countedFetch } from './key-set-fetches.js';
import type { GatewayMetrics } from './metrics.js';
import { compileRules, type RuleSet } from './rules.js';

/** Everything a request needs, built from one version of the rules file. */
export interface Decider {
  readonly config: GatewayConfig;
  readonly guard: Guard;
  /** The guard's failure log (kept with the guard across reloads). */
  readonly failureLog: FailureLog;
  readonly rules: RuleSet;
  /** Lower-case identity header names, removed from client requests. */
  readonly strippedHeaders: readonly string[];
  decide(input: DecisionInput): Promise<Decision>;
  /**
   * The identity headers of `auth` with this file's names. Built once per verified token: the guard's
   * token cache hands back the same `AuthInfo` for a token it has seen, so a reused token costs a lookup.
   * Callers must not change the object.
   */
  identity(auth: AuthInfo): Readonly<Record<string, string>>;
}

/** Options of {@link createDecider}. */
export interface DeciderOptions {
  /** Names the file in errors. */
  file: string;
  metrics: GatewayMetrics;
  /** Where failed decisions are logged. */
  logger: Logger;
  /** The decider being replaced: its guard (keys, token cache) is kept when `guard` options are unchanged. */
  previous?: Decider;
  /** Fetch for discovery and keys. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

function buildGuard(config: GatewayConfig, options: DeciderOptions) {
  const failureLog = createFailureLog(options.logger);
  try {
    const fetch = countedFetch(options.metrics, options.fetch);
    const guard = createGuard({ ...config.guard, fetch, onFailure: failureLog.onFailure });
    return { guard, failureLog };
  } catch (error) {
    if (error instanceof LogtoGuardConfigError) {
      throw new GatewayConfigError(options.file, { field: `guard.${error.option}` }, error.message);
    }
    throw error;
  }
}

/**
 * Builds a decider. Every part is checked now.
 *
 * @throws {GatewayConfigError} when `createGuard` or a rule refuses the file, naming the field.
 */
export function createDecider(config: GatewayConfig, options: DeciderOptions): Decider {
  const { previous } = options;
  const { guard, failureLog } =
    previous !== undefined && JSON.stringify(previous.config.guard) === JSON.stringify(config.guard)
      ? previous
      : buildGuard(config, options);
  const rules = compileRules(config.rules, options.file);
  const { unmatched, identityHeaders: names } = config;
  const identities = new WeakMap<AuthInfo, Readonly<Record<string, string>>>();
  return Object.freeze({
    config,
    guard,
    failureLog,
    rules,
    strippedHeaders: Object.freeze(identityHeaderNames(names)),
    decide: (input: DecisionInput) => decide(guard, rules, unmatched, failureLog, input),
    identity(auth: AuthInfo) {
      let headers = identities.get(auth);
      if (headers === undefined) {
        headers = Object.freeze(identityHeaders(auth, names));
        identities.set(auth, headers);
      }
      return headers;
    },
  });
}
