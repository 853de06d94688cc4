/**
 * The rules file's rules as its author meets them: the exact message of each refusal (file, rule,
 * field, problem), the defaults, and `${NAME}` substitution (issue 17: the tests that pin the gateway's
 * rules).
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { createDecider } from '../src/decider.js';
import { GatewayConfigError, loadGatewayConfig, parseGatewayConfig } from '../src/index.js';
import { createMetrics } from '../src/metrics.js';
import { compileRules } from '../src/rules.js';

const guard = 'guard:\n  endpoint: http://127.0.0.1:3001\n  audience: https://api.example.com\n';

/** The message a file is refused with, by the loader or when its guard and rules are built. */
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
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

function accepted(text: string, env: Record<string, string> = {}) {
  const config = parseGatewayConfig(text, 'gateway.yaml', env);
  return createDecider(config, {
    file: 'gateway.yaml',
    metrics: createMetrics(() => []),
    logger: pino({ enabled: false }),
  });
}

describe('policies it refuses', () => {
  it('refuses an audience on the organization model', () => {
    expect(
      problem(
        `${guard}rules:\n  - path: /o/:organizationId\n    policy: { model: organization, audience: x }`,
      ),
    ).toBe(
      'gateway.yaml: rule 1 (* /o/:organizationId), field "policy.audience": does not apply to the organization model (its audience is the organization)',
    );
  });

  it('refuses allowOrganizationId outside the global-api model', () => {
    for (const model of ['organization', 'organization-api']) {
      expect(
        problem(
          `${guard}rules:\n  - path: /o/:organizationId\n    policy: { model: ${model}, allowOrganizationId: false }`,
        ),
      ).toBe(
        'gateway.yaml: rule 1 (* /o/:organizationId), field "policy.allowOrganizationId": applies to the global-api model only',
      );
    }
  });

  it('refuses an organizationId source on the global-api model', () => {
    expect(
      problem(
        `${guard}rules:\n  - path: /o/:organizationId\n    policy: { model: global-api, organizationId: { param: organizationId } }`,
      ),
    ).toBe(
      'gateway.yaml: rule 1 (* /o/:organizationId), field "policy.organizationId": does not apply to the global-api model',
    );
  });

  it('refuses a named parameter the path lacks, naming the parameter field', () => {
    expect(
      problem(
        `${guard}rules:\n  - path: /o/:id\n    policy: { model: organization-api, organizationId: { param: org } }`,
      ),
    ).toBe(
      'gateway.yaml: rule 1 (* /o/:id), field "policy.organizationId.param": names the path parameter ":org", which "/o/:id" does not have',
    );
  });

  it('refuses a parameter named only as the prefix of another one', () => {
    expect(
      problem(`${guard}rules:\n  - path: /o/:organizationIds\n    policy: { model: organization }`),
    ).toMatch(/field "policy\.organizationId": names the path parameter ":organizationId"/);
  });

  it('accepts the organization models with their parameter, a header source or allowOrganizationId on global-api', () => {
    const decider = accepted(
      `${guard}rules:\n` +
        '  - path: /o/:organizationId/a\n    policy: { model: organization }\n' +
        '  - path: /o/:org_1/b\n    policy: { model: organization-api, organizationId: { param: org_1 } }\n' +
        '  - path: /c\n    policy: { model: organization, organizationId: { header: X-Org } }\n' +
        '  - path: /d\n    policy: { model: global-api, allowOrganizationId: true, audience: [a, b] }\n',
    );
    expect(decider.rules.rules.map((rule) => rule.policy !== undefined)).toEqual([true, true, true, true]);
  });

  it('refuses both sources of an organization id at once', () => {
    expect(
      problem(
        `${guard}rules:\n  - path: /a\n    policy: { model: organization, organizationId: { header: X-Org, param: a } }`,
      ),
    ).toBe(
      'gateway.yaml: rule 1 (* /a), field "policy.organizationId": must NOT have more than 1 properties',
    );
  });
});

describe('paths and rules it refuses', () => {
  it('refuses a pattern the router refuses, quoting the router', () => {
    expect(problem(`${guard}rules:\n  - path: /a/*/b/*\n    public: true`)).toBe(
      'gateway.yaml: rule 1 (* /a/*/b/*), field "path": is not a valid path pattern (Wildcard must be the last character in the route)',
    );
  });

  it('names a rule by its number, name and methods', () => {
    expect(problem(`${guard}rules:\n  - path: /a\n  - name: b\n    methods: [GET, POST]\n    path: /b`)).toBe(
      'gateway.yaml: rule 1 (* /a), field "policy": exactly one of "public: true" and "policy" is required',
    );
    expect(
      problem(
        `${guard}rules:\n  - path: /a\n    public: true\n  - name: b\n    methods: [GET, POST]\n    path: /b`,
      ),
    ).toBe(
      'gateway.yaml: rule 2 "b" (GET,POST /b), field "policy": exactly one of "public: true" and "policy" is required',
    );
  });

  it('refuses a rule without a path, and one that is not an object', () => {
    expect(problem(`${guard}rules:\n  - methods: [GET, POST]\n    public: true`)).toBe(
      'gateway.yaml: rule 1, field "path": is required',
    );
    expect(problem(`${guard}rules:\n  - 5`)).toBe('gateway.yaml: rule 1: must be object');
  });

  it('refuses public: false', () => {
    expect(problem(`${guard}rules:\n  - path: /a\n    public: false`)).toBe(
      'gateway.yaml: rule 1 (* /a), field "public": must be true',
    );
  });
});

describe('fields it refuses', () => {
  it('refuses a port out of range or not a number', () => {
    expect(problem(`${guard}listen:\n  port: 70000\nrules: []`)).toBe(
      'gateway.yaml: field "listen.port": must be <= 65535',
    );
    expect(problem(`${guard}listen:\n  port: abc\nrules: []`)).toBe(
      'gateway.yaml: field "listen.port": must be integer',
    );
  });

  it('refuses a header name with a space, and an endpoint path ending in a slash', () => {
    expect(problem(`${guard}identityHeaders: { subject: "X Bad" }\nrules: []`)).toBe(
      'gateway.yaml: field "identityHeaders.subject": must match pattern "^[A-Za-z0-9-]+$"',
    );
    expect(problem(`${guard}forwardAuth: { path: /auth/ }\nrules: []`)).toBe(
      'gateway.yaml: field "forwardAuth.path": must match pattern "^/[^?#]*[^/?#]$"',
    );
  });

  it('refuses a file without its guard, naming the missing field', () => {
    expect(problem('rules: []')).toBe('gateway.yaml: field "guard": is required');
    expect(problem('guard:\n  endpoint: http://127.0.0.1:3001\nrules: []')).toBe(
      'gateway.yaml: field "guard.audience": is required',
    );
  });

  it('lists the known fields of a misspelled top-level one', () => {
    expect(problem(`${guard}rule: []`)).toBe(
      'gateway.yaml: field "rule": is not a known field (known: guard, listen, operations, forwardAuth, upstream, forwardAuthorization, unmatched, identityHeaders, rules)',
    );
  });

  it('refuses duplicate keys', () => {
    expect(problem(`${guard}${guard}rules: []`)).toMatch(
      /^gateway\.yaml: is not valid YAML or JSON: Map keys must be unique at line 4, column 1:$/,
    );
  });
});

describe('defaults', () => {
  it('fills in every default and keeps what the file sets', () => {
    const config = parseGatewayConfig(
      `${guard}listen: { port: 9000 }\noperations: { port: 9001 }\nidentityHeaders: { subject: X-User }\nrules: []`,
      'gateway.yaml',
      {},
    );
    expect(config).toEqual({
      guard: { endpoint: 'http://127.0.0.1:3001', audience: 'https://api.example.com' },
      listen: { host: '127.0.0.1', port: 9000 },
      operations: { host: '127.0.0.1', pathPrefix: '/_gateway', port: 9001 },
      forwardAuth: { path: '/auth' },
      forwardAuthorization: true,
      unmatched: 'deny',
      identityHeaders: {
        subject: 'X-User',
        clientId: 'X-Auth-Client-Id',
        organizationId: 'X-Auth-Organization-Id',
        scopes: 'X-Auth-Scopes',
        audience: 'X-Auth-Audience',
        claims: false,
      },
      rules: [],
    });
    expect('upstream' in config).toBe(false);
  });

  it('keeps upstream, forwardAuthorization: false and unmatched: allow', () => {
    const config = parseGatewayConfig(
      `${guard}upstream: http://127.0.0.1:8000\nforwardAuthorization: false\nunmatched: allow\nforwardAuth: { path: /check }\nrules: []`,
      'gateway.yaml',
      {},
    );
    expect(config).toMatchObject({
      upstream: 'http://127.0.0.1:8000',
      forwardAuthorization: false,
      unmatched: 'allow',
      forwardAuth: { path: '/check' },
    });
  });
});

describe('environment variable substitution', () => {
  it('names the rule of a missing variable', () => {
    expect(problem(`${guard}rules:\n  - path: \${P}\n    public: true`)).toBe(
      `gateway.yaml: rule 1 (* \${P}), field "path": environment variable P is not set (write \${P:-default} for a default)`,
    );
  });

  it('treats an empty variable as unset: its default applies, and without one it is refused', () => {
    const config = parseGatewayConfig(
      `guard:\n  endpoint: \${E:-http://127.0.0.1:3001}\n  audience:\n    - \${A}\n    - b\nrules: []`,
      'gateway.yaml',
      { E: '', A: 'a' },
    );
    expect(config.guard).toEqual({ endpoint: 'http://127.0.0.1:3001', audience: ['a', 'b'] });
    expect(problem(`guard:\n  endpoint: \${E}\n  audience: x\nrules: []`, { E: '' })).toMatch(
      /^gateway\.yaml: field "guard\.endpoint": environment variable E is not set/,
    );
  });

  it('replaces every reference in a value and reads "true" as a boolean', () => {
    const config = parseGatewayConfig(
      `guard:\n  endpoint: http://\${HOST}:\${PORT}\n  audience: x\n  debug: \${DEBUG}\nrules: []`,
      'gateway.yaml',
      { HOST: '127.0.0.1', PORT: '3001', DEBUG: 'true' },
    );
    expect(config.guard).toEqual({ endpoint: 'http://127.0.0.1:3001', audience: 'x', debug: true });
  });

  it('leaves keys alone', () => {
    expect(problem(`\${K}: 1\n${guard}rules: []`, { K: 'guard' })).toMatch(
      /^gateway\.yaml: field "\$\{K\}": is not a known field/,
    );
  });

  it('gives an empty default when the default is empty', () => {
    const config = parseGatewayConfig(`${guard}  realm: "\${R:-}"\nrules: []`, 'gateway.yaml', {});
    expect(config.guard.realm).toBe('');
  });
});

describe('whole-file shapes it refuses', () => {
  it('refuses a file that is not a mapping, naming no field', () => {
    expect(problem('5')).toBe('gateway.yaml: must be object');
  });

  it('refuses rules that are not a list, or missing', () => {
    expect(problem(`${guard}rules: 5`)).toBe('gateway.yaml: field "rules": must be array');
    expect(problem(guard)).toBe('gateway.yaml: field "rules": is required');
  });

  it('reads an empty guard option as an empty string, which the core refuses', () => {
    expect(problem(`${guard}  realm:\nrules: []`)).toBe(
      'gateway.yaml: field "guard.realm": options.realm must be a non-empty string of printable ASCII (it goes into the WWW-Authenticate header), got ""',
    );
  });

  it('throws a GatewayConfigError by that name, with the cause of an unreadable file', () => {
    const error = (() => {
      try {
        loadGatewayConfig('/nonexistent/gateway.yaml');
      } catch (caught) {
        return caught as GatewayConfigError & { cause?: { code?: string } };
      }
      throw new Error('the file was read');
    })();
    expect(error.name).toBe('GatewayConfigError');
    expect(error.cause?.code).toBe('ENOENT');
    expect(error.location).toEqual({});
  });
});

describe('paths a rule matches', () => {
  // Compiled in each test: the mutation runner credits a test only with the code that runs inside it.
  const compile = () =>
    compileRules(
      [
        { path: '/api/protected', methods: ['GET'], public: true },
        { path: '/files/*', public: true },
      ],
      'gateway.yaml',
    );

  it('matches the pattern exactly: no trailing slash, doubled slash or other case', () => {
    const rules = compile();
    expect(rules.match('GET', '/api/protected')?.rule.label).toBe('rule 1 (GET /api/protected)');
    for (const path of ['/api/protected/', '//api/protected', '/api//protected', '/API/protected']) {
      expect(rules.match('GET', path)).toBeUndefined();
    }
  });

  it('matches every method when a rule names none, and captures the wildcard', () => {
    const rules = compile();
    expect(rules.match('DELETE', '/files/a/b')).toMatchObject({
      rule: { label: 'rule 2 (* /files/*)' },
      params: { '*': 'a/b' },
    });
    expect(rules.match('DELETE', '/api/protected')).toBeUndefined();
  });
});
