/**
 * The gateway in-process against the real dev issuer: forward-auth header conventions (nginx, Traefik,
 * Envoy), reverse-proxy header hygiene, reload, logs and metrics.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { createTestIssuer, type TestIssuer } from 'logto-guard/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../src/index.js';

const rules = `rules:
  - name: public
    methods: [GET, POST]
    path: /public
    public: true
  - name: protected
    methods: [GET]
    path: /api/protected
    policy: { model: global-api, scopes: [api:read] }
`;

let issuer: DevIssuer;
let token: string;
let backend: Server;
let backendUrl: string;
const gateways: Gateway[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

async function start(
  extra: string,
  options: { upstream?: string; logs?: ReturnType<typeof captureLogs> } = {},
) {
  const file = join(dir, `gateway-${gateways.length}.yaml`);
  writeFileSync(
    file,
    `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: 0\n${extra}${rules}`,
  );
  const logs = options.logs ?? captureLogs();
  const gateway = await startGateway({ config: file, logger: logs.logger, upstream: options.upstream });
  gateways.push(gateway);
  return { gateway, file, logs };
}

/** A GET with two `Authorization` lines (fetch would join them into one): status, body, backend reached. */
function getWithTwoAuthorizations(url: string, values: string[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    // As raw pairs, Node adds no Host header of its own.
    const raw = [
      'host',
      new URL(url).host,
      ...Object.entries(headers).flat(),
      ...values.flatMap((value) => ['authorization', value]),
    ];
    const req = httpRequest(url, { headers: raw }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
  const { fullAccess } = DEFAULT_APPLICATIONS;
  ({ access_token: token } = await requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: fullAccess.id,
    clientSecret: fullAccess.secret,
    resource: DEFAULT_API_RESOURCE,
    scope: 'api:read',
  }));
  // The backend echoes what reached it: headers and body.
  backend = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ headers: request.headers, body, url: request.url }));
    });
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await new Promise((resolve) => backend?.close(resolve));
  await issuer?.close();
});

describe('forward-auth', () => {
  it('reads the original request from nginx, Traefik and Envoy conventions', async () => {
    const { gateway } = await start('');
    const authorization = `Bearer ${token}`;
    const nginx = await fetch(`${gateway.url}/auth`, {
      headers: { authorization, 'x-original-method': 'GET', 'x-original-uri': '/api/protected?x=1' },
    });
    const traefik = await fetch(`${gateway.url}/auth`, {
      headers: { authorization, 'x-forwarded-method': 'GET', 'x-forwarded-uri': '/api/protected' },
    });
    const envoy = await fetch(`${gateway.url}/auth/api/protected`, { headers: { authorization } });
    const wrongMethod = await fetch(`${gateway.url}/auth`, {
      headers: { authorization, 'x-forwarded-method': 'DELETE', 'x-forwarded-uri': '/api/protected' },
    });
    for (const response of [nginx, traefik, envoy]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('x-auth-subject')).toBe(DEFAULT_APPLICATIONS.fullAccess.id);
      expect(response.headers.get('x-auth-scopes')).toBe('api:read');
      expect(response.headers.get('x-auth-organization-id')).toBeNull();
    }
    expect(wrongMethod.status).toBe(403);
    expect(await wrongMethod.json()).toEqual({ error: 'No gateway rule matches this request' });
  });

  it('answers bad input with a fixed JSON error, never reading a body or quoting the URL', async () => {
    const { gateway } = await start('');
    const badUrl = await fetch(`${gateway.url}/auth/api/%zz`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badUrl.status).toBe(400);
    expect(await badUrl.json()).toEqual({ error: 'Request URL is malformed' });
    // Envoy may pass the original method and content type with an empty or partial body.
    const withBody = await fetch(`${gateway.url}/auth/api/protected`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-forwarded-method': 'GET',
        'x-forwarded-uri': '/api/protected',
      },
      body: '{not json',
    });
    expect(withBody.status).toBe(200);
    const unknownMethod = await fetch(`${gateway.url}/auth`, {
      headers: { authorization: `Bearer ${token}`, 'x-original-method': 'BREW', 'x-original-uri': '/public' },
    });
    expect(unknownMethod.status).toBe(403);
    expect(await unknownMethod.json()).toEqual({ error: 'No gateway rule matches this request' });
  });

  it('uses the configured header names and sends the verified claims as base64url JSON', async () => {
    const { gateway } = await start('identityHeaders:\n  subject: X-User\n  claims: true\n');
    const response = await fetch(`${gateway.url}/auth/api/protected`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.headers.get('x-user')).toBe(DEFAULT_APPLICATIONS.fullAccess.id);
    expect(response.headers.get('x-auth-subject')).toBeNull();
    const claims = JSON.parse(
      Buffer.from(response.headers.get('x-auth-claims') ?? '', 'base64url').toString(),
    );
    expect(claims).toMatchObject({
      client_id: DEFAULT_APPLICATIONS.fullAccess.id,
      aud: DEFAULT_API_RESOURCE,
    });
  });

  it('logs one line per failure with its code and rule, never the token', async () => {
    const logs = captureLogs();
    const { gateway } = await start('', { logs });
    const before = logs.lines.length;
    const tampered = `${token.slice(0, -4)}AAAA`;
    const response = await fetch(`${gateway.url}/auth/api/protected?token=${tampered}`, {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(response.status).toBe(401);
    const lines = logs.lines.slice(before);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      event: 'access_denied',
      code: 'invalid_signature',
      status: 401,
      rule: 'rule 2 "protected" (GET /api/protected)',
      path: '/api/protected',
      // Written by the guard's onFailure hook: its detail and what can be said of the (unverified) token.
      detail: 'Token signature is invalid',
      token: { verified: false },
    });
    expect(lines[0]).not.toContain(tampered.split('.')[2]);
    expect(lines[0]).not.toContain(tampered.split('.')[1]);
  });

  it('counts decisions by outcome and key set fetches in /metrics; /readyz once keys are loaded', async () => {
    const { gateway } = await start('operations:\n  port: 0\n');
    expect(gateway.operationsUrl).not.toBe(gateway.url);
    await fetch(`${gateway.url}/auth/api/protected`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${gateway.url}/auth/api/protected`);
    expect((await fetch(`${gateway.operationsUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${gateway.operationsUrl}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${gateway.operationsUrl}/metrics`)).text();
    expect(metrics).toContain('logto_guard_gateway_decisions_total{outcome="allowed",status="200"} 1');
    expect(metrics).toContain(
      'logto_guard_gateway_decisions_total{outcome="missing_authorization",status="401"} 1',
    );
    expect(metrics).toContain('logto_guard_gateway_decision_duration_seconds_count 2');
    expect(metrics).toMatch(/logto_guard_gateway_key_set_fetches_total\{kind="jwks",result="ok"\} [1-9]/);
  });
});

describe("readiness from the guard's key-set state", () => {
  interface Readiness {
    status: string;
    keySets: { issuers: string[]; loaded: boolean; lastFailure?: { code: string } }[];
  }
  const readiness = async (gateway: Gateway) => {
    const response = await fetch(`${gateway.operationsUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };

  it("is not ready while one issuer's JWKS is down, and ready once it is back", async () => {
    const tenants: TestIssuer[] = [
      await createTestIssuer({ listen: true }),
      await createTestIssuer({ listen: true }),
    ];
    const [up, down] = tenants as [TestIssuer, TestIssuer];
    try {
      down.setOutage('error');
      const file = join(dir, 'two-tenants.yaml');
      writeFileSync(
        file,
        `guard:\n  issuer: [${up.issuer}, ${down.issuer}]\n  jwksUri:\n    ${up.issuer}: ${up.jwksUri}\n` +
          `    ${down.issuer}: ${down.jwksUri}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: 0\n${rules}`,
      );
      const gateway = await startGateway({ config: file, logger: captureLogs().logger });
      gateways.push(gateway);

      // /readyz joins the warm-up started with the gateway: one answer per state, no waiting.
      const notReady = await readiness(gateway);
      expect(notReady.status).toBe(503);
      expect(notReady.body).toMatchObject({
        status: 'not ready',
        keySets: [
          { issuers: [up.issuer], loaded: true },
          { issuers: [down.issuer], loaded: false, lastFailure: { code: 'jwks_unavailable' } },
        ],
      });
      const metrics = await (await fetch(`${gateway.operationsUrl}/metrics`)).text();
      expect(metrics).toContain(`logto_guard_gateway_key_set_loaded{issuer="${down.issuer}"} 0`);
      expect(metrics).toContain(`logto_guard_gateway_key_set_loaded{issuer="${up.issuer}"} 1`);
      // Tokens of the tenant that is up are honoured meanwhile; the other tenant's get 503.
      const protectedCall = async (issuer: TestIssuer) => {
        const token = await issuer.mintApiToken(DEFAULT_API_RESOURCE, { scopes: ['api:read'] });
        const response = await fetch(`${gateway.url}/auth/api/protected`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return response.status;
      };
      expect(await protectedCall(up)).toBe(200);
      expect(await protectedCall(down)).toBe(503);

      down.setOutage('none');
      // The guard backs off after a failure (1 s, then doubling): poll until its next fetch succeeds.
      let ready = await readiness(gateway);
      for (let attempt = 0; ready.status !== 200 && attempt < 200; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        ready = await readiness(gateway);
      }
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ready',
        keySets: [
          { issuers: [up.issuer], loaded: true },
          { issuers: [down.issuer], loaded: true, lastFailure: { code: 'jwks_unavailable' } },
        ],
      });
      expect(await protectedCall(down)).toBe(200);
    } finally {
      await Promise.all(tenants.map((tenant) => tenant.close()));
    }
  });

  it('is not ready while draining', async () => {
    const { gateway } = await start('operations:\n  port: 0\n');
    expect((await readiness(gateway)).status).toBe(200);
    const closing = gateway.close();
    // The operations listener closes too; whichever answers first, it is never "ready".
    const during = await fetch(`${gateway.operationsUrl}/readyz`).then(
      (response) => response.status,
      () => 'closed',
    );
    expect(during === 503 || during === 'closed').toBe(true);
    await closing;
  });

  it('refuses a request with two Authorization headers (401 invalid_request) in both modes', async () => {
    const forward = (await start('')).gateway;
    const proxy = (await start('', { upstream: backendUrl })).gateway;
    // One valid token and one forged: whichever a proxy in front judged, the gateway judges neither.
    const values = [`Bearer ${token}`, 'Bearer forged.token.value'];
    const checked = await getWithTwoAuthorizations(`${forward.url}/auth`, values, {
      'x-original-method': 'GET',
      'x-original-uri': '/api/protected',
    });
    const proxied = await getWithTwoAuthorizations(`${proxy.url}/api/protected`, values);
    for (const { status, body } of [checked, proxied]) {
      expect(status).toBe(401);
      expect(JSON.parse(body)).toEqual({ error: expect.any(String) });
      expect(body).not.toContain(token);
      expect(body).not.toContain('"headers"'); // the backend's echo never came back
    }
    // One header still passes.
    const single = await fetch(`${proxy.url}/api/protected`, {
      headers: { authorization: values[0] as string },
    });
    expect(single.status).toBe(200);
  });
});

describe('reverse proxy', () => {
  it('removes client-sent identity headers, sets the verified ones, streams the body', async () => {
    const { gateway } = await start('', { upstream: backendUrl });
    const spoofed = { 'x-auth-subject': 'admin', 'x-auth-scopes': 'everything', 'x-auth-claims': 'e30' };
    const publicCall = await fetch(`${gateway.url}/public`, {
      method: 'POST',
      headers: spoofed,
      body: 'hello',
    });
    const echoed = (await publicCall.json()) as { headers: Record<string, string>; body: string };
    expect(echoed.body).toBe('hello');
    expect(echoed.headers['x-auth-subject']).toBeUndefined();
    expect(echoed.headers['x-auth-scopes']).toBeUndefined();
    expect(echoed.headers['x-auth-claims']).toBeUndefined();
    const protectedCall = await fetch(`${gateway.url}/api/protected`, {
      headers: { ...spoofed, authorization: `Bearer ${token}` },
    });
    const seen = (await protectedCall.json()) as { headers: Record<string, string> };
    expect(seen.headers['x-auth-subject']).toBe(DEFAULT_APPLICATIONS.fullAccess.id);
    expect(seen.headers['x-auth-scopes']).toBe('api:read');
    expect(seen.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('drops Authorization when forwardAuthorization is false; answers failures itself', async () => {
    const { gateway } = await start('forwardAuthorization: false\n', { upstream: backendUrl });
    const allowed = await fetch(`${gateway.url}/api/protected`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      ((await allowed.json()) as { headers: Record<string, string> }).headers.authorization,
    ).toBeUndefined();
    const denied = await fetch(`${gateway.url}/api/protected`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(await denied.json()).toEqual({ error: 'Authorization header is missing' });
  });
});

describe('reload', () => {
  it('swaps in a good file and refuses a bad one, keeping the rules in force', async () => {
    const logs = captureLogs();
    const { gateway, file } = await start('', { logs });
    const call = () => fetch(`${gateway.url}/auth/other`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(403);

    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nrules:\n  - path: /other\n    policy: { model: global-api, scope: [x] }\n`,
    );
    expect(await gateway.reload()).toBe(false);
    expect(logs.lines.join('')).toContain('field \\"policy.scope\\": is not a known field');
    expect((await call()).status).toBe(403);

    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nrules:\n  - path: /other\n    policy: { model: global-api, scopes: [api:read] }\n`,
    );
    expect(await gateway.reload()).toBe(true);
    expect((await call()).status).toBe(200);
  });
});
