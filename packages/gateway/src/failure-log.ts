/**
 * The one place a failed decision is logged. The guard's `onFailure` hook gives the facts only the core
 * knows (its detail, a 503's cause, what is safe to say of the token); the gateway adds the request
 * (rule, method, path) and writes one line. Its own denials (no rule matched, a path it will not guess at)
 * go through the same writer. Lines never carry the token, a header value or the query (it may carry
 * secrets).
 *
 * @module
 */
import type { FailureEvent, RequestFailureEvent } from 'logto-guard';
import type { Logger } from 'pino';

import type { Decision, DecisionInput } from './decide.js';

/** The failure log of one guard; see {@link createFailureLog}. */
export interface FailureLog {
  /** The guard's `onFailure` hook (give it to `createGuard`). */
  readonly onFailure: (event: FailureEvent) => void;
  /**
   * The event the guard reported for the failed `guard.check` whose result is being read. Call it in the
   * reaction to that check's promise, before any other `await` (see below).
   */
  takeEvent(code: string, status: number): RequestFailureEvent | undefined;
  /** Writes the line of a denied decision. */
  denied(input: DecisionInput, decision: Decision & { allowed: false }): void;
}

const MAX_PENDING_EVENTS = 10_000;

function pathOf(url: string): string {
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  const end = query === -1 ? hash : hash === -1 ? query : Math.min(query, hash);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Creates the failure log of one guard, writing to `logger`.
 *
 * How an event finds its request without async context tracking (`AsyncLocalStorage` makes every promise
 * of the process pay for async hooks on Node 20, which costs more than a cached decision): `guard.check`
 * calls `onFailure` synchronously in the very job that settles the promise it returns, and promise
 * reactions run first in, first out. So the events queue up in the order in which the awaiting decisions
 * resume, and each failed decision takes the head of the queue in its first reaction. An event is taken
 * only when its code and status are the decision's own; otherwise the queue is dropped (the lines are
 * then written without the guard's facts) rather than any fact being written under another request.
 */
export function createFailureLog(logger: Logger): FailureLog {
  const events: RequestFailureEvent[] = [];
  return {
    onFailure(event) {
      if (event.type === 'key_set') {
        logger.warn({ event: 'key_set_entry_skipped', ...event }, 'key set entry skipped');
        return;
      }
      // Each event is taken within the same turn of the event loop; the bound only guards against a
      // change in the core that would report without returning a failure.
      if (events.length >= MAX_PENDING_EVENTS) events.length = 0;
      events.push(event);
    },
    takeEvent(code, status) {
      const event = events.shift();
      if (event !== undefined && event.code === code && event.status === status) return event;
      events.length = 0;
      return undefined;
    },
    denied(input, decision) {
      const { status } = decision.response;
      const event = decision.event;
      const entry = {
        event: 'access_denied',
        code: decision.outcome,
        status,
        rule: decision.rule?.label,
        method: input.method,
        path: pathOf(input.url),
        detail: event?.detail,
        cause: event?.cause,
        token: event?.token,
        parameter: event?.parameter,
      };
      if (status >= 500) logger.warn(entry, 'authorization server unavailable');
      else logger.info(entry, 'access denied');
    },
  };
}
