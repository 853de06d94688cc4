/**
 * One decision: the original method and URI in, allow (with the caller) or the rendered failure out.
 * Token checks and their answers come from the core's `guard.check` and renderer; the gateway adds only
 * the two answers the core has no notion of (no rule matched, a path not in normal form).
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

import {
  type AuthInfo,
  type ErrorResponse,
  type Guard,
  nodeAuthorization,
  type RequestFailureEvent,
} from 'logto-guard';

import type { FailureLog } from './failure-log.js';
import type { CompiledRule, RuleSet } from './rules.js';

/** What the gateway knows of the original request. */
export interface DecisionInput {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Node's `rawHeaders`: every Authorization value when a client sent more than one (then 401). */
  rawHeaders?: readonly string[] | undefined;
}

/** Codes of the gateway's own denials. */
export type GatewayDenialCode = 'no_matching_rule' | 'path_not_normalized';

/** The result of {@link decide}. `outcome` is the metrics label: `allowed`, `public`, or the failure code. */
export type Decision =
  | { allowed: true; outcome: 'allowed'; rule: CompiledRule; auth: AuthInfo; response?: undefined }
  | {
      allowed: true;
      outcome: 'public';
      rule: CompiledRule | undefined;
      auth?: undefined;
      response?: undefined;
    }
  | {
      allowed: false;
      outcome: string;
      rule: CompiledRule | undefined;
      auth?: undefined;
      response: ErrorResponse;
      /** What the guard reported of this failure (undefined for the gateway's own denials). */
      event?: RequestFailureEvent | undefined;
    };

const denialMessages: Record<GatewayDenialCode, string> = {
  no_matching_rule: 'No gateway rule matches this request',
  path_not_normalized: 'Request path is not in normal form',
};

function deny(code: GatewayDenialCode, debug: boolean): Decision {
  const body: ErrorResponse['body'] = { error: denialMessages[code] };
  if (debug) body.code = code;
  return {
    allowed: false,
    outcome: code,
    rule: undefined,
    response: { status: 403, headers: { 'cache-control': 'no-store' }, body },
  };
}

// Backends resolve dot segments and encoded slashes differently (some decode `%2F`, some collapse `..`),
// so a path the rules would read one way and the backend another is refused instead of guessed at.
const abnormalPath = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)|%2f|%5c|\\/i;

/** Splits off the query and refuses paths whose meaning depends on the backend. */
function pathOf(url: string): string | undefined {
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  const end = query === -1 ? hash : hash === -1 ? query : Math.min(query, hash);
  const path = end === -1 ? url : url.slice(0, end);
  if (path.charCodeAt(0) !== 47 /* / */) return undefined;
  // Most paths hold none of `.`, `%`, `\`: the pattern runs only on those that do.
  const suspect = path.includes('.') || path.includes('%') || path.includes('\\');
  return suspect && abnormalPath.test(path) ? undefined : path;
}

/**
 * Decides one request against `rules` with `guard`: the first matching rule wins; `public` rules pass
 * without a token; a request matching no rule is denied (403) unless `unmatched` is `allow`. A failure
 * of `guard.check` carries the event the guard reported for it (taken from `log`).
 *
 * Does NOT touch headers of the request: removing client-sent identity headers is the caller's job.
 */
export function decide(
  guard: Guard,
  rules: RuleSet,
  unmatched: 'deny' | 'allow',
  log: FailureLog,
  input: DecisionInput,
): Promise<Decision> {
  const path = pathOf(input.url);
  if (path === undefined) return Promise.resolve(deny('path_not_normalized', guard.options.debug));
  const match = rules.match(input.method, path);
  if (match === undefined) {
    return Promise.resolve(
      unmatched === 'allow'
        ? { allowed: true, outcome: 'public', rule: undefined }
        : deny('no_matching_rule', guard.options.debug),
    );
  }
  const { rule, params } = match;
  if (rule.policy === undefined) return Promise.resolve({ allowed: true, outcome: 'public', rule });
  const check = guard.check(
    {
      authorization: nodeAuthorization(input),
      params,
      request: { method: input.method, path, headers: input.headers },
    },
    rule.policy,
  );
  return check.then((outcome): Decision => {
    if (outcome.ok) return { allowed: true, outcome: 'allowed', rule, auth: outcome.auth as AuthInfo };
    // First reaction to the check's promise: its event is at the head of the queue (see failure-log.ts).
    const { code } = outcome.error;
    const event = log.takeEvent(code, outcome.response.status);
    return { allowed: false, outcome: code, rule, response: outcome.response, event };
  });
}
