/**
 * The one place a failed decision is logged: the guard's `onFailure` hook writes the line for every
 * failure the core answers (with its cause and what is safe to say of the token), and the same writer
 * logs the gateway's own denials (no rule matched, a path it will not guess at). Lines carry the code,
 * status, rule, method and path (no query: it may carry secrets), never the token or any header value.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FailureEvent } from 'logto-guard';
import type { Logger } from 'pino';

import type { Decision, DecisionInput } from './decide.js';

/** The request being decided, as the hook sees it (the hook itself has no request). */
interface Scope {
  logger: Logger;
  input: DecisionInput;
  rule: string | undefined;
  logged: boolean;
}

const current = new AsyncLocalStorage<Scope>();

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function write(scope: Scope, code: string, status: number, extra: Record<string, unknown> = {}): void {
  scope.logged = true;
  const { input } = scope;
  const entry = {
    event: 'access_denied',
    code,
    status,
    rule: scope.rule,
    method: input.method,
    path: pathOf(input.url),
    ...extra,
  };
  if (status >= 500) scope.logger.warn(entry, 'authorization server unavailable');
  else scope.logger.info(entry, 'access denied');
}

/**
 * The guard's `onFailure` hook (give it to `createGuard`): logs the failure of the request in scope, or a
 * skipped key-set entry.
 */
export function logGuardFailure(event: FailureEvent): void {
  const scope = current.getStore();
  if (scope === undefined) return; // only requests decided through `decideLogged` are the gateway's
  if (event.type === 'key_set') {
    scope.logger.warn({ event: 'key_set_entry_skipped', ...event }, 'key set entry skipped');
    return;
  }
  const { code, status, detail, cause, token, parameter } = event;
  write(scope, code, status, { detail, cause, token, parameter });
}

/** Names the rule the request in scope matched, for its failure line. */
export function noteRule(label: string): void {
  const scope = current.getStore();
  if (scope !== undefined) scope.rule = label;
}

/**
 * Runs `decide` for `input` with the failure log in scope; a denial the guard did not report (the
 * gateway's own: no rule, an abnormal path) is logged here, through the same writer.
 */
export async function decideLogged(
  logger: Logger,
  input: DecisionInput,
  decide: () => Promise<Decision>,
): Promise<Decision> {
  const scope: Scope = { logger, input, rule: undefined, logged: false };
  const decision = await current.run(scope, decide);
  if (!decision.allowed && !scope.logged) write(scope, decision.outcome, decision.response.status);
  return decision;
}
