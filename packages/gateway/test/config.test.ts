import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDecider } from '../src/decider.js';
import {
  GATEWAY_USAGE,
  GatewayConfigError,
  gatewayMain,
  loadGatewayConfig,
  parseGatewayConfig,
} from '../src/index.js';
import { createMetrics } from '../src/metrics.js';

const guard = 'guard:\n  endpoint: http://127.0.0.1:3001\n  audience: https://api.example.com\n';

function problem(text: string, env: Record<string, string> = {}): string {
  try {
    const config = parseGatewayConfig(text, 'gateway.yaml', env);
    createDecider(config, {
      file: 'gateway.yaml',
      metrics: createMetrics(() => []),
      logger: pino({ enabled: false }),
    });
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    expect((error as GatewayConfigError).code).toBe('ERR_GATEWAY_CONFIG');
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('rules file', () => {
  it('applies defaults', () => {
    const config = parseGatewayConfig(`${guard}rules: []`, 'gateway.yaml', {});
    expect(config).toMatchObject({
      listen: { host: '127.0.0.1', port: 8080 },
      operations: { pathPrefix: '/_gateway' },
      forwardAuth: { path: '/auth' },
      forwardAuthorization: true,
      unmatched: 'deny',
      identityHeaders: { subject: 'X-Auth-Subject', claims: false },
    });
  });

  it('substitutes environment variables after parsing, with defaults, and reads "8080" as a port', () => {
    const text = `guard:\n  endpoint: \${LOGTO_ENDPOINT}\n  audience: \${API:-https://api.example.com}\nlisten:\n  port: \${PORT}\nrules: []`;
    const config = parseGatewayConfig(text, 'gateway.yaml', {
      LOGTO_ENDPOINT: 'https://t.logto.app',
      PORT: '9000',
    });
    expect(config.guard).toEqual({ endpoint: 'https://t.logto.app', audience: 'https://api.example.com' });
    expect(config.listen.port).toBe(9000);
  });

  it('refuses a missing variable, naming it and the field', () => {
    expect(problem(`guard:\n  endpoint: \${LOGTO_ENDPOINT}\n  audience: x\nrules: []`)).toBe(
      `gateway.yaml: field "guard.endpoint": environment variable LOGTO_ENDPOINT is not set (write \${LOGTO_ENDPOINT:-default} for a default)`,
    );
  });

  it('refuses a misspelled policy field, naming the file, the rule and the field', () => {
    const text = `${guard}rules:\n  - path: /\n    public: true\n  - name: members\n    methods: [GET]\n    path: /api/x\n    policy: { model: global-api, scope: [read] }`;
    expect(problem(text)).toBe(
      'gateway.yaml: rule 2 "members" (GET /api/x), field "policy.scope": is not a known field (known: model, scopes, match, audience, allowOrganizationId, organizationId)',
    );
  });

  it('refuses an unknown model and a misspelled top-level field', () => {
    expect(problem(`${guard}rules:\n  - path: /a\n    policy: { model: global }`)).toBe(
      'gateway.yaml: rule 1 (* /a), field "policy.model": must be one of global-api, organization, organization-api',
    );
    expect(problem(`${guard}rule: []`)).toMatch(/^gateway\.yaml: field "rule": is not a known field/);
  });

  it('refuses a rule with both or neither of public and policy', () => {
    expect(problem(`${guard}rules:\n  - path: /a`)).toBe(
      'gateway.yaml: rule 1 (* /a), field "policy": exactly one of "public: true" and "policy" is required',
    );
    expect(
      problem(`${guard}rules:\n  - path: /a\n    public: true\n    policy: { model: global-api }`),
    ).toMatch(/rule 1 \(\* \/a\), field "policy": exactly one/);
  });

  it('refuses an organization policy whose path lacks the parameter', () => {
    expect(
      problem(`${guard}rules:\n  - path: /orgs/:orgId/members\n    policy: { model: organization }`),
    ).toBe(
      'gateway.yaml: rule 1 (* /orgs/:orgId/members), field "policy.organizationId": names the path parameter ":organizationId", which "/orgs/:orgId/members" does not have',
    );
  });

  it('refuses what the core refuses, naming the field', () => {
    expect(
      problem(`guard:\n  endpoint: http://127.0.0.1:3001\n  audience: x\n  clockTolerance: 999\nrules: []`),
    ).toBe(
      'gateway.yaml: field "guard.clockTolerance": options.clockTolerance must be a number from 0 to 60',
    );
    expect(
      problem(`${guard}rules:\n  - path: /a\n    policy: { model: global-api, scopes: ['a b'] }`),
    ).toMatch(/^gateway\.yaml: rule 1 \(\* \/a\), field "policy\.scopes": options\.scopes must contain/);
  });

  it('refuses a file that is not YAML or JSON, and a file that cannot be read', () => {
    expect(problem('guard: [')).toMatch(/^gateway\.yaml: is not valid YAML or JSON: /);
    expect(() => loadGatewayConfig('/nonexistent/gateway.yaml')).toThrow(
      '/nonexistent/gateway.yaml: cannot be read (ENOENT)',
    );
  });

  it('reads JSON files too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
    const file = join(dir, 'gateway.json');
    writeFileSync(
      file,
      JSON.stringify({
        guard: { jwksUri: 'http://127.0.0.1:1/jwks', issuer: 'http://127.0.0.1:1/oidc', audience: 'a' },
        rules: [{ path: '/', public: true }],
      }),
    );
    expect(loadGatewayConfig(file, {}).rules).toEqual([{ path: '/', public: true }]);
  });
});

describe('command line', () => {
  const io = () => {
    const lines: string[] = [];
    return { lines, out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) };
  };

  it('answers 2 with the usage for a missing --config or an unknown flag, 0 for --help', async () => {
    const missing = io();
    expect(await gatewayMain([], missing)).toBe(2);
    expect(missing.lines[0]).toMatch(/^error: --config <file> is required\n\nUsage: logto-guard gateway/);
    expect(await gatewayMain(['--config', 'x', '--uptream', 'y'], io())).toBe(2);
    const help = io();
    expect(await gatewayMain(['--help'], help)).toBe(0);
    expect(help.lines[0]).toBe(GATEWAY_USAGE);
  });

  it('answers 1 naming the file when the rules file cannot be used', async () => {
    const output = io();
    expect(await gatewayMain(['--config', '/nonexistent/gateway.yaml'], output)).toBe(1);
    expect(output.lines).toEqual(['error: /nonexistent/gateway.yaml: cannot be read (ENOENT)']);
  });
});
