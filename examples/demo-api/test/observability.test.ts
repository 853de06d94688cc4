// The demo's operator view: one pino JSON line per authentication failure (never the token) and
// Prometheus counters by code at GET /metrics, both fed by logto-guard's onFailure.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGuard } from 'logto-guard';
import { createTestIssuer, type TestIssuer } from 'logto-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createObservability } from '../src/observability.js';

const API = 'https://api.example.com';
let issuer: TestIssuer;
let server: Server;
let url: string;
const lines: string[] = [];

beforeAll(async () => {
  issuer = await createTestIssuer();
  const observability = createObservability({ write: (line: string) => lines.push(line) });
  const guard = createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    fetch: issuer.fetch,
    onFailure: observability.onFailure,
  });
  server = createApp({ guard, observability }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await issuer?.close();
});

describe('demo failure log and metrics', () => {
  it('logs one JSON line per failure and counts it by code', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['api:read'] });
    expect((await fetch(`${url}/api/protected`)).status).toBe(401);
    const forbidden = await fetch(`${url}/api/protected`, { headers: { authorization: `Bearer ${token}` } });
    expect(forbidden.status).toBe(403);

    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toMatchObject([
      { level: 30, msg: 'authentication failure', auth: { code: 'missing_authorization', status: 401 } },
      {
        level: 30,
        auth: { code: 'insufficient_scope', status: 403, token: { verified: true, subject: 'user-1' } },
      },
    ]);
    expect(lines.join('')).not.toContain(token.split('.')[2]);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('logto_guard_failures_total{code="missing_authorization",status="401"} 1');
    expect(metrics).toContain('logto_guard_failures_total{code="insufficient_scope",status="403"} 1');
  });
});
