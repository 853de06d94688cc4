/**
 * The one place a failed decision is logged. When the core's `onFailure` hook exists, this becomes that
 * hook's body; until then it reads the core's result. Logs the code, status, rule, method and path (no
 * query: it may carry secrets), never the token or any header value.
 *
 * @module
 */
import type { Logger } from 'pino';

import type { Decision, DecisionInput } from './decide.js';

/** Logs `decision` when it is a denial: `warn` for 503 (the issuer's fault), `info` otherwise. */
export function logDecisionFailure(logger: Logger, decision: Decision, input: DecisionInput): void {
  if (decision.allowed) return;
  const { status } = decision.response;
  const end = input.url.search(/[?#]/);
  const entry = {
    event: 'access_denied',
    code: decision.outcome,
    status,
    rule: decision.rule?.label,
    method: input.method,
    path: end === -1 ? input.url : input.url.slice(0, end),
  };
  if (status >= 500) logger.warn(entry, 'authorization server unavailable');
  else logger.info(entry, 'access denied');
}
