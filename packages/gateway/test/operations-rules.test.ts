/**
 * What an operator sees of a running gateway: `/healthz`, `/readyz` and `/metrics` (where they are
 * served, what they say), the log lines of denials, reloads and stops, and the process side (signals and
 * exit codes) (issue 17: the tests that pin the gateway's rules).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { createTestIssuer } from 'logto-guard/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, gatewayMain, parseGatewayArgs, runGateway, startGateway } from '../src/index.js';

const rules = `rules:
  - name: public
    path: /public
    public: true
  - name: protected
    methods: [GET]
    path: /api/protected
    policy: { model: global-api, scopes: [api:read] }
`;

let issuer: DevIssuer;
const gateways: Gateway[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gateway-operations-'));
let files = 0;

function writeConfig(extra = '', guardExtra = '', endpoint = issuer.url): string {
  const file = join(dir, `gateway-${files++}.yaml`);
  writeFileSync(
    file,
    `guard:\n  endpoint: ${endpoint}\n  audience: ${DEFAULT_API_RESOURCE}\n${guardExtra}listen:\n  port: 0\n${extra}${rules}`,
  );
  return file;
}

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

async function start(extra = '', logs = captureLogs()) {
  const file = writeConfig(extra);
  const gateway = await startGateway({ config: file, logger: logs.logger });
  gateways.push(gateway);
  return { gateway, file, logs };
}

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await issuer?.close();
});

describe('operations endpoints', () => {
  it('serves them under /_gateway on the main port by default', async () => {
    const { gateway } = await start();
    expect(gateway.operationsUrl).toBe(`${gateway.url}/_gateway`);
    const health = await fetch(`${gateway.url}/_gateway/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(404);
  });

  it('serves them under the configured prefix', async () => {
    const { gateway } = await start('operations:\n  pathPrefix: /ops\n');
    expect(gateway.operationsUrl).toBe(`${gateway.url}/ops`);
    expect((await fetch(`${gateway.url}/ops/readyz`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/_gateway/readyz`)).status).toBe(404);
  });

  it('describes the key set in /readyz once it is loaded', async () => {
    const before = Date.now();
    const { gateway } = await start();
    const response = await fetch(`${gateway.operationsUrl}/readyz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & {
      keySets: { lastSuccessAt: string }[];
    };
    expect(body).toEqual({
      status: 'ready',
      keySets: [
        {
          issuers: [issuer.issuer],
          loaded: true,
          keyCount: 1,
          jwksUri: issuer.jwksUri,
          lastSuccessAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          consecutiveFailures: 0,
        },
      ],
    });
    const at = Date.parse(body.keySets[0]!.lastSuccessAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('answers /readyz 503 with the reason and the last failure while the keys cannot be fetched', async () => {
    const down = await createTestIssuer({ listen: true });
    try {
      down.setOutage('error');
      const file = join(dir, 'down.yaml');
      writeFileSync(
        file,
        `guard:\n  issuer: ${down.issuer}\n  jwksUri: ${down.jwksUri}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: 0\n${rules}`,
      );
      const logs = captureLogs();
      const gateway = await startGateway({ config: file, logger: logs.logger });
      gateways.push(gateway);
      const response = await fetch(`${gateway.operationsUrl}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as {
        keySets: { lastFailure: { at: string; code: string } }[];
      };
      expect(body).toMatchObject({
        status: 'not ready',
        reason: 'signing keys not loaded for every issuer',
        keySets: [{ issuers: [down.issuer], loaded: false, keyCount: 0, consecutiveFailures: 1 }],
      });
      expect(body.keySets[0]!.lastFailure.code).toBe('jwks_unavailable');
      expect(body.keySets[0]!.lastFailure.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(body.keySets[0]).not.toHaveProperty('lastSuccessAt');

      // A token of that issuer gets 503, logged as a warning without the query.
      const minted = await down.mintApiToken(DEFAULT_API_RESOURCE, { scopes: ['api:read'] });
      const denied = await fetch(`${gateway.url}/auth`, {
        headers: {
          authorization: `Bearer ${minted}`,
          'x-original-uri': '/api/protected?secret=1#frag',
        },
      });
      expect(denied.status).toBe(503);
      const line = logs.lines.find((entry) => entry.event === 'access_denied');
      expect(line).toMatchObject({
        level: 40,
        msg: 'authorization server unavailable',
        code: 'jwks_unavailable',
        status: 503,
        method: 'GET',
        path: '/api/protected',
        rule: 'rule 2 "protected" (GET /api/protected)',
      });
      const metrics = await (await fetch(`${gateway.operationsUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /logto_guard_gateway_key_set_fetches_total\{kind="jwks",result="failed"\} [1-9]/,
      );
      expect(metrics).not.toContain('logto_guard_gateway_key_set_last_success_timestamp_seconds{');
    } finally {
      await down.close();
    }
  });

  it('exposes decisions, key-set state and fetches in the Prometheus format', async () => {
    const { gateway } = await start();
    await fetch(`${gateway.url}/auth`, { headers: { 'x-original-uri': '/public' } });
    await fetch(`${gateway.url}/auth`, { headers: { 'x-original-uri': '/nothing' } });
    await fetch(`${gateway.url}/auth`, { headers: { 'x-original-uri': '/nothing?x' } });
    const response = await fetch(`${gateway.operationsUrl}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const metrics = await response.text();
    expect(metrics).toContain('logto_guard_gateway_decisions_total{outcome="public",status="200"} 1');
    expect(metrics).toContain(
      'logto_guard_gateway_decisions_total{outcome="no_matching_rule",status="403"} 2',
    );
    expect(metrics).toContain(`logto_guard_gateway_key_set_loaded{issuer="${issuer.issuer}"} 1`);
    expect(metrics).toContain('logto_guard_gateway_key_set_fetches_total{kind="discovery",result="ok"} 1');
    const seconds = Number(
      new RegExp(
        `logto_guard_gateway_key_set_last_success_timestamp_seconds\\{issuer="${issuer.issuer}"\\} (\\S+)`,
      ).exec(metrics)?.[1],
    );
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(600);
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });
});

describe('decision timing', () => {
  it('times decisions in seconds', async () => {
    const { gateway } = await start();
    await fetch(`${gateway.url}/auth`, { headers: { 'x-original-uri': '/public' } });
    await fetch(`${gateway.url}/auth`, { headers: { 'x-original-uri': '/api/protected' } });
    const metrics = await (await fetch(`${gateway.operationsUrl}/metrics`)).text();
    const sum = Number(/logto_guard_gateway_decision_duration_seconds_sum (\S+)/.exec(metrics)?.[1]);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);
    expect(metrics).toContain('logto_guard_gateway_decision_duration_seconds_bucket{le="5"} 2');
    expect(metrics).toContain(
      'logto_guard_gateway_decisions_total{outcome="missing_authorization",status="401"} 1',
    );
  });
});

describe('log lines', () => {
  it('logs a denial as info, without the query', async () => {
    const { gateway, logs } = await start();
    await fetch(`${gateway.url}/auth`, {
      headers: { 'x-original-uri': '/api/protected?token=x', 'x-original-method': 'GET' },
    });
    expect(logs.lines.find((line) => line.event === 'access_denied')).toMatchObject({
      level: 30,
      msg: 'access denied',
      code: 'missing_authorization',
      status: 401,
      path: '/api/protected',
    });
  });

  it('logs its start, a reload and its stop once', async () => {
    const { gateway, file, logs } = await start();
    expect(logs.lines.find((line) => line.event === 'listening')).toMatchObject({
      msg: 'gateway started',
      mode: 'forward-auth',
      url: gateway.url,
      operationsUrl: gateway.operationsUrl,
      rules: 2,
    });
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\n  clockTolerance: 5\nrules:\n  - path: /other\n    public: true\n`,
    );
    expect(await gateway.reload()).toBe(true);
    expect(gateway.config.rules).toHaveLength(1);
    expect(gateway.config.guard.clockTolerance).toBe(5);
    expect(logs.lines.find((line) => line.event === 'reloaded')).toMatchObject({
      msg: 'rules reloaded',
      rules: 1,
    });
    // The new guard (its options changed) loaded its keys before taking over.
    const ready = await fetch(`${gateway.operationsUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${gateway.url}/auth`, { headers: { 'x-original-uri': '/other' } })).status).toBe(
      200,
    );

    writeFileSync(file, 'guard: [');
    expect(await gateway.reload()).toBe(false);
    expect(logs.lines.find((line) => line.event === 'reload_refused')).toMatchObject({
      level: 50,
      msg: 'rules file refused',
      error: expect.stringMatching(/^.*gateway-\d+\.yaml: is not valid YAML or JSON: /),
    });
    const first = gateway.close();
    expect(gateway.close()).toBe(first);
    await first;
    expect(logs.lines.filter((line) => line.event === 'closed')).toEqual([
      expect.objectContaining({ msg: 'gateway stopped' }),
    ]);
  });

  it('serves the operations endpoints on their own port when one is given, and names the mode', async () => {
    const { gateway, logs } = await start('operations:\n  port: 0\n');
    expect(gateway.operationsUrl).not.toBe(gateway.url);
    expect(gateway.mode).toBe('forward-auth');
    expect((await fetch(`${gateway.operationsUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/_gateway/healthz`)).status).not.toBe(200);
    expect(logs.lines.find((line) => line.event === 'listening')).toMatchObject({
      operationsUrl: gateway.operationsUrl,
    });
  });

  it('listens on IPv6 with a bracketed URL', async () => {
    const logs = captureLogs();
    const file = join(dir, `gateway-${files++}.yaml`);
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  host: '::1'\n  port: 0\n${rules}`,
    );
    const gateway = await startGateway({ config: file, logger: logs.logger });
    gateways.push(gateway);
    expect(gateway.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${gateway.url}/_gateway/healthz`)).status).toBe(200);
  });
});

describe('reloads and the guard', () => {
  async function fetchCount(gateway: Gateway): Promise<number> {
    const metrics = await (await fetch(`${gateway.operationsUrl}/metrics`)).text();
    return Number(
      /logto_guard_gateway_key_set_fetches_total\{kind="jwks",result="ok"\} (\d+)/.exec(metrics)?.[1] ?? 0,
    );
  }

  it('keeps the guard and its keys across a reload that leaves the guard options alone', async () => {
    const { gateway, file } = await start();
    expect((await fetch(`${gateway.operationsUrl}/readyz`)).status).toBe(200);
    const before = await fetchCount(gateway);
    expect(before).toBe(1);
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: 0\n${rules}  - path: /extra\n    public: true\n`,
    );
    expect(await gateway.reload()).toBe(true);
    expect(gateway.config.rules).toHaveLength(3);
    expect((await fetch(`${gateway.operationsUrl}/readyz`)).status).toBe(200);
    expect(await fetchCount(gateway)).toBe(before);
  });

  it('builds a new guard when the guard options change: tokens for the old audience are refused', async () => {
    const { gateway, file } = await start();
    const { access_token } = await requestClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: DEFAULT_APPLICATIONS.fullAccess.id,
      clientSecret: DEFAULT_APPLICATIONS.fullAccess.secret,
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    const call = () =>
      fetch(`${gateway.url}/auth`, {
        headers: { authorization: `Bearer ${access_token}`, 'x-original-uri': '/api/protected' },
      });
    expect((await call()).status).toBe(200);
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: https://elsewhere.example.com\nlisten:\n  port: 0\n${rules}`,
    );
    expect(await gateway.reload()).toBe(true);
    const refused = await call();
    expect(refused.status).toBe(403);
    // The new guard fetched the keys again before it took over.
    expect(await fetchCount(gateway)).toBe(2);
  });

  it('reads the upstream from the file, and variables from the env option', async () => {
    const file = join(dir, `gateway-${files++}.yaml`);
    writeFileSync(
      file,
      `guard:\n  endpoint: \${ENDPOINT}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: 0\nupstream: http://127.0.0.1:9\n${rules}`,
    );
    const gateway = await startGateway({
      config: file,
      logger: pino({ enabled: false }),
      env: { ENDPOINT: issuer.url },
    });
    gateways.push(gateway);
    expect(gateway.mode).toBe('reverse-proxy');
    expect(gateway.config.guard.endpoint).toBe(issuer.url);
  });

  it('keeps the cause of a file that cannot be read', async () => {
    const error = await startGateway({
      config: join(dir, 'missing.yaml'),
      logger: pino({ enabled: false }),
    }).then(
      () => undefined,
      (reason: unknown) => reason as Error & { cause?: { code?: string } },
    );
    expect(error?.message).toBe(`${join(dir, 'missing.yaml')}: cannot be read (ENOENT)`);
    expect(error?.cause?.code).toBe('ENOENT');
  });

  it('names the list item of a missing variable', async () => {
    const file = join(dir, `gateway-${files++}.yaml`);
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience:\n    - a\n    - \${MISSING}\nrules: []\n`,
    );
    await expect(startGateway({ config: file, env: {}, logger: pino({ enabled: false }) })).rejects.toThrow(
      `${file}: field "guard.audience.1": environment variable MISSING is not set`,
    );
  });
});

describe('unexpected errors', () => {
  it('answers a fixed 5xx body and logs the error when the backend cannot be reached', async () => {
    const logs = captureLogs();
    // A port that was free a moment ago: nothing listens there.
    const probe = await startGateway({ config: writeConfig(), logger: pino({ enabled: false }) });
    const closedUrl = probe.url;
    await probe.close();
    const gateway = await startGateway({ config: writeConfig(), logger: logs.logger, upstream: closedUrl });
    gateways.push(gateway);
    expect(gateway.mode).toBe('reverse-proxy');
    const response = await fetch(`${gateway.url}/public?q=secret`);
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(await response.json()).toEqual({ error: 'Internal server error' });
    expect(logs.lines.find((line) => line.event === 'error')).toMatchObject({
      level: 50,
      msg: 'request failed',
      method: 'GET',
    });
  });
});

describe('command line and signals', () => {
  it('reads short flags, and leaves upstream out when not given', () => {
    expect(parseGatewayArgs(['-c', 'g.yaml', '-u', 'http://127.0.0.1:8000'])).toEqual({
      config: 'g.yaml',
      upstream: 'http://127.0.0.1:8000',
    });
    const options = parseGatewayArgs(['--config', 'g.yaml']);
    expect(options).toEqual({ config: 'g.yaml' });
    expect(options !== 'help' && 'upstream' in options).toBe(false);
    expect(parseGatewayArgs(['-h'])).toBe('help');
  });

  it('reloads on SIGHUP and stops with 0 on SIGTERM, removing its handlers', async () => {
    const file = writeConfig();
    const { gateway, stopped } = await runGateway({ config: file });
    expect(process.listenerCount('SIGHUP')).toBe(1);
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nrules:\n  - path: /other\n    public: true\n`,
    );
    process.emit('SIGHUP');
    for (let attempt = 0; gateway.config.rules.length !== 1 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(gateway.config.rules).toHaveLength(1);
    process.emit('SIGTERM');
    expect(await stopped).toBe(0);
    expect(process.listenerCount('SIGHUP')).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect((await fetch(`${gateway.url}/_gateway/healthz`).catch(() => undefined))?.status).toBeUndefined();
  });

  it('answers 0 from the command line once SIGINT stopped the gateway', async () => {
    const lines: string[] = [];
    const io = { out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) };
    const exit = gatewayMain(['--config', writeConfig()], io);
    for (let attempt = 0; process.listenerCount('SIGINT') === 0 && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.emit('SIGINT');
    expect(await exit).toBe(0);
    expect(lines).toEqual([]);
  });

  it('answers 1 when the port is taken', async () => {
    const { gateway } = await start();
    const port = new URL(gateway.url).port;
    const file = join(dir, `gateway-${files++}.yaml`);
    writeFileSync(
      file,
      `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: ${port}\n${rules}`,
    );
    const lines: string[] = [];
    const io = { out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) };
    expect(await gatewayMain(['--config', file], io)).toBe(1);
    expect(lines[0]).toMatch(/^error: Error: listen EADDRINUSE/);
  });
});
