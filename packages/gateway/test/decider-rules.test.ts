/**
 * Which token each kind of rule lets through, decided without a server: a rules file, the guard on an
 * in-memory test issuer, and `decide` (issue 17: the tests that pin the gateway's rules). A denial is
 * answered with its status; an allowed token with the identity the backend would receive.
 */
import { createTestIssuer, type TestIssuer } from 'logto-guard/testing';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';

import { parseGatewayConfig } from '../src/config/load-config.js';
import { createDecider, type Decider } from '../src/decider.js';
import { createMetrics } from '../src/metrics.js';

const API = 'https://api.example.com';

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer();
});

/**
 * The decider of the rules file, built in each test: the mutation runner credits a test only with the
 * code that runs inside it (here: compiling the rules and building their policies).
 */
function deciderOf(): Decider {
  const config = parseGatewayConfig(
    `guard:\n  endpoint: ${issuer.endpoint}\n  audience: ${API}\nrules:\n` +
      '  - { path: /orgs/:organizationId/members, policy: { model: organization, scopes: [read:members] } }\n' +
      '  - { path: /team, policy: { model: organization, organizationId: { header: X-Org } } }\n' +
      '  - { path: /orgs/:org/projects, policy: { model: organization-api, scopes: [read:projects], organizationId: { param: org } } }\n' +
      '  - { path: /api, policy: { model: global-api } }\n',
    'gateway.yaml',
    {},
  );
  return createDecider(config, {
    file: 'gateway.yaml',
    metrics: createMetrics(() => []),
    logger: pino({ enabled: false }),
    fetch: issuer.fetch,
  });
}

/** The status a request gets, and the organization the backend would be told of when allowed. */
async function answer(token: string, url: string, headers: Record<string, string> = {}) {
  const decider = deciderOf();
  const decision = await decider.decide({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  if (!decision.allowed) return { status: decision.response.status };
  const identity = decision.auth === undefined ? {} : decider.identity(decision.auth);
  return { status: 200, organization: identity['X-Auth-Organization-Id'] };
}

describe('organization rules', () => {
  it('lets an organization token through on its own organization’s path only', async () => {
    const token = await issuer.mintOrganizationToken('org-acme', { scopes: ['read:members'] });
    expect(await answer(token, '/orgs/org-acme/members')).toEqual({ status: 200, organization: 'org-acme' });
    expect(await answer(token, '/orgs/org-globex/members')).toEqual({ status: 403 });
  });

  it('reads the organization from the configured header, whatever the case of its name', async () => {
    const token = await issuer.mintOrganizationToken('org-acme');
    expect(await answer(token, '/team', { 'x-org': 'org-acme' })).toEqual({
      status: 200,
      organization: 'org-acme',
    });
    expect((await answer(token, '/team', { 'x-org': 'org-globex' })).status).toBe(403);
    expect((await answer(token, '/team')).status).toBe(403);
  });

  it('refuses an API token on an organization rule', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read:members'] });
    expect((await answer(token, '/orgs/org-acme/members')).status).toBe(403);
  });
});

describe('organization-level API rules', () => {
  it('lets an organization-level API token through on its organization’s path, from the named parameter', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-acme', { scopes: ['read:projects'] });
    expect(await answer(token, '/orgs/org-acme/projects')).toEqual({ status: 200, organization: 'org-acme' });
    expect((await answer(token, '/orgs/org-globex/projects')).status).toBe(403);
  });

  it('refuses an organization token and a plain API token there', async () => {
    const organizationToken = await issuer.mintOrganizationToken('org-acme', { scopes: ['read:projects'] });
    expect((await answer(organizationToken, '/orgs/org-acme/projects')).status).not.toBe(200);
    const apiToken = await issuer.mintApiToken(API, { scopes: ['read:projects'] });
    expect((await answer(apiToken, '/orgs/org-acme/projects')).status).toBe(403);
  });

  it('refuses an organization-level API token on a global API rule', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-acme');
    expect((await answer(token, '/api')).status).toBe(403);
    expect((await answer(await issuer.mintApiToken(API), '/api')).status).toBe(200);
  });
});
