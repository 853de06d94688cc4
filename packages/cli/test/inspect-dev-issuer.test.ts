/**
 * `logto-guard inspect` end to end: tokens from the dev issuer's real token endpoint over HTTP on
 * 127.0.0.1, keys fetched by the spawned command through discovery.
 */
import {
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { describe, expect, it } from 'vitest';
import { parseReport, row, runCli, useDevIssuer } from './helpers.js';

const devIssuer = useDevIssuer();
const { fullAccess, readOnly } = DEFAULT_APPLICATIONS;

function token(
  app: { id: string; secret: string },
  request: { resource?: string; scope?: string; organizationId?: string },
): Promise<string> {
  return requestClientCredentialsToken({
    tokenEndpoint: devIssuer().tokenEndpoint,
    clientId: app.id,
    clientSecret: app.secret,
    ...request,
  }).then((response) => response.access_token);
}

const inspect = (...args: string[]) => runCli(['inspect', '--endpoint', devIssuer().url, '--json', ...args]);
const acmeProjectsToken = () =>
  token(fullAccess, { resource: DEFAULT_API_RESOURCE, organizationId: 'org-acme', scope: 'read:projects' });

describe('logto-guard inspect against the dev issuer', () => {
  it('accepts a global API token with the required scope (exit 0, model global)', async () => {
    const jwt = await token(readOnly, { resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
    const result = await inspect('--audience', DEFAULT_API_RESOURCE, '--scope', 'api:read', jwt);
    expect(result.code).toBe(0);
    const report = parseReport(result);
    expect(report).toMatchObject({
      valid: true,
      verdict: 'valid',
      code: null,
      model: 'global',
      fits: 'global',
    });
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['format', 'pass'],
      ['algorithm', 'pass'],
      ['typ', 'pass'],
      ['signature', 'pass'],
      ['issuer', 'pass'],
      ['expiry', 'pass'],
      ['claims', 'pass'],
      ['audience', 'pass'],
      ['organization', 'pass'],
      ['scopes', 'pass'],
      ['model', 'pass'],
    ]);
    expect(row(report, 'expiry').detail).toMatch(/^expires in (59 minutes|1 hour)/);
  });

  it('prints a table by default, with the verdict last', async () => {
    const jwt = await token(readOnly, { resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
    const result = await runCli([
      'inspect',
      '--endpoint',
      devIssuer().url,
      '--audience',
      DEFAULT_API_RESOURCE,
      jwt,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Token: access token, alg ES384, typ at\+jwt/);
    expect(result.stdout).toMatch(/^signature\s+pass\s+valid: signed by a key of/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      'VALID: accepted for the global API resource model (not checked: scopes)',
    );
  });

  it('rejects a token missing a required scope, with a hint (exit 1)', async () => {
    const jwt = await token(readOnly, { resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
    const result = await inspect('--audience', DEFAULT_API_RESOURCE, '--scope', 'api:read api:write', jwt);
    expect(result.code).toBe(1);
    const report = parseReport(result);
    expect(report).toMatchObject({ valid: false, verdict: 'rejected', code: 'insufficient_scope' });
    expect(row(report, 'scopes')).toMatchObject({
      status: 'fail',
      detail: 'missing api:write (granted: api:read)',
    });
    expect(row(report, 'scopes').hint).toContain('scope="api:read api:write"');
  });

  it('rejects a token for another API', async () => {
    const jwt = await token(readOnly, { resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
    const report = parseReport(await inspect('--audience', 'https://billing.example.com', jwt));
    expect(report.code).toBe('audience_mismatch');
    expect(row(report, 'audience').hint).toContain('a token for another API (https://api.example.com)');
    expect(row(report, 'audience').hint).toContain('resource=https://billing.example.com');
  });

  it('rejects an organization-level API token on a global API', async () => {
    const jwt = await acmeProjectsToken();
    const result = await inspect('--audience', DEFAULT_API_RESOURCE, jwt);
    expect(result.code).toBe(1);
    const report = parseReport(result);
    expect(report).toMatchObject({
      code: 'organization_id_not_allowed',
      model: 'global',
      fits: 'organization-api',
    });
    expect(row(report, 'organization').detail).toBe(
      'organization_id org-acme: an organization token on a global API',
    );
    expect(row(report, 'model').status).toBe('fail');
  });

  it('rejects an organization token on a global API', async () => {
    const jwt = await token(fullAccess, { organizationId: 'org-acme', scope: 'read:members' });
    const report = parseReport(await inspect('--audience', DEFAULT_API_RESOURCE, jwt));
    expect(report).toMatchObject({ code: 'audience_mismatch', fits: 'organization' });
    expect(row(report, 'audience').hint).toContain('this is an organization token (organization org-acme)');
  });

  it('rejects an organization-level API token for another organization', async () => {
    const jwt = await acmeProjectsToken();
    const result = await inspect('--audience', DEFAULT_API_RESOURCE, '--organization', 'org-globex', jwt);
    expect(result.code).toBe(1);
    const report = parseReport(result);
    expect(report).toMatchObject({ code: 'organization_mismatch', model: 'organization-api' });
    expect(row(report, 'organization').detail).toBe(
      'the token is for organization org-acme, the request for org-globex',
    );
  });

  it('accepts an organization token for its organization (model organization)', async () => {
    const jwt = await token(fullAccess, { organizationId: 'org-acme', scope: 'read:members' });
    const result = await inspect('--organization', 'org-acme', '--scope', 'read:members', jwt);
    expect(result.code).toBe(0);
    expect(parseReport(result)).toMatchObject({ valid: true, model: 'organization', fits: 'organization' });
  });

  it('reads the token from stdin, as a token response or with a Bearer prefix', async () => {
    const issuer = devIssuer();
    const response = await requestClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: readOnly.id,
      clientSecret: readOnly.secret,
      resource: DEFAULT_API_RESOURCE,
    });
    const args = ['inspect', '--endpoint', issuer.url, '--audience', DEFAULT_API_RESOURCE, '--json'];
    const fromJson = await runCli(args, JSON.stringify(response));
    const fromDash = await runCli([...args, '-'], `Bearer ${response.access_token}\n`);
    expect([fromJson.code, fromDash.code]).toEqual([0, 0]);
    expect(parseReport(fromJson).valid).toBe(true);
    expect(parseReport(fromDash).valid).toBe(true);
  });

  it('rejects a token from another issuer when the endpoint is another one, before any key fetch', async () => {
    const other = await startDevIssuer({ port: 0 });
    try {
      const jwt = await token(readOnly, { resource: DEFAULT_API_RESOURCE });
      const report = parseReport(
        await runCli(['inspect', '--endpoint', other.url, '--audience', DEFAULT_API_RESOURCE, '--json', jwt]),
      );
      expect(report.code).toBe('invalid_issuer');
      expect(row(report, 'signature').status).toBe('skip');
      expect(row(report, 'issuer').hint).toContain('--issuer');
    } finally {
      await other.close();
    }
  });
});
