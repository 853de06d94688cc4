/**
 * The failure log pairs each event of the guard's `onFailure` hook with the decision it belongs to,
 * without async context tracking. Here many decisions are started in one tick, so their checks fail at
 * different depths of the same microtask queue (before any verification, after a cached one, after a
 * signature check) and their events queue up together: each line must still name its own request.
 */
import {
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { parseGatewayConfig } from '../src/config/load-config.js';
import type { DecisionInput } from '../src/decide.js';
import { createDecider } from '../src/decider.js';
import { createMetrics } from '../src/metrics.js';

let issuer: DevIssuer;
beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});
afterAll(async () => {
  await issuer?.close();
});

async function tokenOf(app: { id: string; secret: string }, scope: string) {
  const { access_token } = await requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: app.id,
    clientSecret: app.secret,
    resource: DEFAULT_API_RESOURCE,
    scope,
  });
  return access_token;
}

it('writes each failure with its own request while many fail in the same tick', async () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const config = parseGatewayConfig(
    `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nrules:\n` +
      '  - { name: write, path: /write/:n, policy: { model: global-api, scopes: [api:write] } }\n' +
      '  - { name: read, path: /read/:n, policy: { model: global-api, scopes: [api:read] } }\n',
    'gateway.yaml',
    {},
  );
  const decider = createDecider(config, { file: 'gateway.yaml', metrics: createMetrics(() => []), logger });
  const { readOnly, fullAccess } = DEFAULT_APPLICATIONS;
  const readOnlyToken = await tokenOf(readOnly, 'api:read');
  const fullToken = await tokenOf(fullAccess, 'api:read');
  await decider.guard.warmUp();
  // Cached from here on: its 403 comes after a cache hit, a few reactions deep.
  await decider.decide({
    method: 'GET',
    url: '/write/0',
    headers: { authorization: `Bearer ${readOnlyToken}` },
  });

  const forged = (n: number) => `${fullToken.slice(0, -8)}${n.toString(36).padStart(8, 'A')}`;
  // Refused by the header rules, at one same depth, each naming its own request in `sub`.
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const handMade = (n: number, header: object) => `${part(header)}.${part({ sub: `caller-${n}` })}.c2ln`;
  const kinds: ((n: number) => { authorization?: string; path: string; code?: string; subject?: string })[] =
    [
      () => ({ path: '/read', code: 'missing_authorization' }),
      () => ({
        authorization: `Bearer ${readOnlyToken}`,
        path: '/write',
        code: 'insufficient_scope',
        subject: readOnly.id,
      }),
      (n) => ({
        authorization: `Bearer ${forged(n)}`,
        path: '/read',
        code: 'invalid_signature',
        subject: fullAccess.id,
      }),
      () => ({ authorization: 'Bearer not-a-jwt', path: '/read', code: 'token_malformed' }),
      (n) => ({
        authorization: `Bearer ${handMade(n, { alg: 'none', typ: 'at+jwt', kid: 'k' })}`,
        path: '/read',
        code: 'algorithm_not_allowed',
        subject: `caller-${n}`,
      }),
      (n) => ({
        authorization: `Bearer ${handMade(n, { alg: 'ES384', typ: 'JWT', kid: 'k' })}`,
        path: '/read',
        code: 'invalid_typ',
        subject: `caller-${n}`,
      }),
      (n) => ({
        authorization: `Bearer ${handMade(n, { alg: 'ES384', typ: 'at+jwt' })}`,
        path: '/read',
        code: 'missing_kid',
        subject: `caller-${n}`,
      }),
      () => ({ authorization: `Bearer ${fullToken}`, path: '/read' }),
      () => ({ authorization: `Bearer ${fullToken}`, path: '/elsewhere', code: 'no_matching_rule' }),
    ];
  const requests = Array.from({ length: 90 }, (_, n) => {
    const kind = (kinds[(n * 7) % kinds.length] as (typeof kinds)[number])(n);
    return { ...kind, path: `${kind.path}/${n + 1}` };
  });
  const before = lines.length;
  const decisions = await Promise.all(
    requests.map(({ authorization, path }) => {
      const input: DecisionInput = {
        method: 'GET',
        url: path,
        headers: authorization === undefined ? {} : { authorization },
      };
      return decider.decide(input).then((decision) => {
        if (!decision.allowed) decider.failureLog.denied(input, decision);
        return decision;
      });
    }),
  );
  expect(decisions.map((decision) => (decision.allowed ? undefined : decision.outcome))).toEqual(
    requests.map((request) => request.code),
  );
  const written = lines.slice(before);
  const expected = requests.filter((request) => request.code !== undefined);
  expect(written).toHaveLength(expected.length);
  const byPath = new Map(written.map((line) => [line.path, line]));
  for (const request of expected) {
    const line = byPath.get(request.path);
    expect(line?.code, request.path).toBe(request.code);
    // The guard's facts reached the line of their own request: its detail, and the token's subject.
    if (request.code !== 'no_matching_rule') expect(line?.detail, request.path).toEqual(expect.any(String));
    expect((line?.token as { subject?: string } | undefined)?.subject, request.path).toBe(request.subject);
  }
});
