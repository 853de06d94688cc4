/**
 * What the failure log writes for a denied request (one line, at which level, with which facts), that it
 * never writes the token or the query, and which of the guard's events it hands to which decision.
 */
import type { FailureEvent, RequestFailureEvent } from 'logto-guard';
import { pino } from 'pino';
import { expect, it } from 'vitest';

import type { Decision, DecisionInput } from '../src/decide.js';
import { createFailureLog } from '../src/failure-log.js';

const TOKEN = 'eyJhbGciOiJFUzM4NCJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line));
      },
    },
  );
  return { lines, raw, log: createFailureLog(logger) };
}

function requestEvent(
  code: RequestFailureEvent['code'],
  status: number,
  subject = 'caller',
): RequestFailureEvent {
  return {
    type: 'request',
    code,
    status,
    kind: status === 403 ? 'permission' : 'token',
    detail: `detail of ${code}`,
    requiredScopes: [],
    token: { verified: false, subject },
  };
}

function denial(outcome: string, status: number, event?: RequestFailureEvent): Decision & { allowed: false } {
  return {
    allowed: false,
    outcome,
    rule: undefined,
    response: { status, headers: { 'cache-control': 'no-store' }, body: { error: 'denied' } },
    event,
  };
}

function input(url: string): DecisionInput {
  return { method: 'POST', url, headers: { authorization: `Bearer ${TOKEN}`, cookie: 'session=s3cr3t' } };
}

it('writes a denied request as one info line with its code, status, method, path and the guard facts', () => {
  const { lines, log } = capture();
  log.denied(input('/orders/7'), denial('insufficient_scope', 403, requestEvent('insufficient_scope', 403)));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 30,
    msg: 'access denied',
    event: 'access_denied',
    code: 'insufficient_scope',
    status: 403,
    method: 'POST',
    path: '/orders/7',
    detail: 'detail of insufficient_scope',
    token: { verified: false, subject: 'caller' },
  });
});

it('never writes the token, a header value, the query or the fragment', () => {
  const { lines, raw, log } = capture();
  log.denied(input('/a?access_token=q-secret#f-secret'), denial('token_expired', 401));
  log.denied(input('/b#f-secret?access_token=q-secret'), denial('token_expired', 401));
  log.denied(input('/c#f-secret'), denial('token_expired', 401));
  log.denied(input('/d?access_token=q-secret'), denial('token_expired', 401));
  expect(lines.map((line) => line.path)).toEqual(['/a', '/b', '/c', '/d']);
  for (const line of raw) {
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain('s3cr3t');
    expect(line).not.toContain('q-secret');
    expect(line).not.toContain('f-secret');
  }
});

it('writes 500 and 503 denials as warnings, 4xx denials as info', () => {
  const { lines, log } = capture();
  for (const status of [401, 403, 499, 500, 503]) log.denied(input('/x'), denial('some_code', status));
  expect(lines.map((line) => [line.status, line.level, line.msg])).toEqual([
    [401, 30, 'access denied'],
    [403, 30, 'access denied'],
    [499, 30, 'access denied'],
    [500, 40, 'authorization server unavailable'],
    [503, 40, 'authorization server unavailable'],
  ]);
});

it('writes a skipped key set entry at once as a warning, and never hands it to a decision', () => {
  const { lines, log } = capture();
  const skipped: FailureEvent = {
    type: 'key_set',
    code: 'unsupported_key',
    issuer: 'https://issuer.example/oidc',
    index: 2,
    kid: 'k2',
    detail: 'key type is not supported',
  };
  log.onFailure(skipped);
  expect(lines).toEqual([
    expect.objectContaining({
      level: 40,
      msg: 'key set entry skipped',
      event: 'key_set_entry_skipped',
      type: 'key_set',
      code: 'unsupported_key',
      issuer: 'https://issuer.example/oidc',
      index: 2,
      kid: 'k2',
      detail: 'key type is not supported',
    }),
  ]);
  log.onFailure(requestEvent('token_expired', 401));
  expect(log.takeEvent('token_expired', 401)?.code).toBe('token_expired');
});

it('hands each decision the events in the order they were reported', () => {
  const { log } = capture();
  log.onFailure(requestEvent('token_expired', 401, 'first'));
  log.onFailure(requestEvent('insufficient_scope', 403, 'second'));
  expect(log.takeEvent('token_expired', 401)?.token?.subject).toBe('first');
  expect(log.takeEvent('insufficient_scope', 403)?.token?.subject).toBe('second');
  expect(log.takeEvent('insufficient_scope', 403)).toBeUndefined();
});

it('rejects an event whose code is not the decision’s, even with the same status, and drops the queue', () => {
  const { log } = capture();
  log.onFailure(requestEvent('token_expired', 401, 'first'));
  log.onFailure(requestEvent('invalid_signature', 401, 'second'));
  expect(log.takeEvent('invalid_signature', 401)).toBeUndefined();
  // The queue is out of step: the next event is not trusted either.
  expect(log.takeEvent('invalid_signature', 401)).toBeUndefined();
});

it('rejects an event whose status is not the decision’s, even with the same code', () => {
  const { log } = capture();
  log.onFailure(requestEvent('insufficient_scope', 403));
  expect(log.takeEvent('insufficient_scope', 401)).toBeUndefined();
});

it('has no event to hand when the guard reported none', () => {
  const { log } = capture();
  expect(log.takeEvent('token_expired', 401)).toBeUndefined();
});

it('keeps at most 10 000 unclaimed events, dropping the older ones when full', () => {
  const { log } = capture();
  for (let n = 0; n < 10_000; n++) log.onFailure(requestEvent('token_expired', 401, `old-${n}`));
  log.onFailure(requestEvent('insufficient_scope', 403, 'newest'));
  expect(log.takeEvent('insufficient_scope', 403)?.token?.subject).toBe('newest');
});
