// The rules of the three permission models as a client meets them: status, body and challenge of every
// 403 (and of the server's own 500), with `debug` on so the failing check is named. Tokens come from the
// in-memory test issuer; the clock is frozen.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  LogtoGuardConfigError,
  organizationApi,
  organizationPermissions,
  type Policy,
} from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const OTHER_API = 'https://other.example.com';
const clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => clock;
let issuer: TestIssuer;
let guard: Guard;

beforeAll(async () => {
  issuer = await createTestIssuer({ now });
  guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now, debug: true });
});

/** What the client gets: 200 with the caller, or the status, body and challenge. */
async function answer<Req>(
  token: string,
  policy: Policy<Req>,
  request: Req,
  params?: Record<string, unknown>,
) {
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request, params }, policy);
  if (outcome.ok) return { status: 200, organizationId: outcome.auth?.organizationId };
  return {
    status: outcome.response.status,
    body: outcome.response.body,
    challenge: outcome.response.headers['www-authenticate'],
  };
}

const forbidden = (code: string, message: string, detail = message) => ({
  status: 403,
  body: { error: message, code, detail },
  challenge: `Bearer realm="api", error="invalid_token", error_description="${message}"`,
});

describe('global API model', () => {
  it('rejects a token for another API: 403 audience_mismatch', async () => {
    const token = await issuer.mintApiToken(OTHER_API);
    expect(await answer(token, globalApi(), {})).toEqual(
      forbidden('audience_mismatch', 'Token audience is not this API'),
    );
  });

  it('rejects an organization-level token: 403 organization_id_not_allowed, unless allowed', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-1');
    expect(await answer(token, globalApi(), {})).toEqual(
      forbidden('organization_id_not_allowed', 'Organization-level token used on a global API'),
    );
    expect(await answer(token, globalApi({ allowOrganizationId: true }), {})).toEqual({
      status: 200,
      organizationId: 'org-1',
    });
  });

  it('rejects a token for the guard audience on a route of another audience', async () => {
    const token = await issuer.mintApiToken(API);
    expect((await answer(token, globalApi({ audience: [OTHER_API] }), {})).status).toBe(403);
    expect(
      (await answer(await issuer.mintApiToken(OTHER_API), globalApi({ audience: [OTHER_API] }), {})).status,
    ).toBe(200);
  });

  it('rejects a missing scope: 403 insufficient_scope listing what the route needs', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await answer(token, globalApi({ scopes: ['read', 'write'] }), {})).toEqual({
      status: 403,
      body: {
        error: 'Insufficient scope',
        code: 'insufficient_scope',
        detail: 'Token lacks the scopes this route needs',
      },
      challenge:
        'Bearer realm="api", error="insufficient_scope", error_description="Token lacks the scopes this route needs", scope="read write"',
    });
  });

  it('rejects a claim check that does not answer true: 403 claim_check_failed', async () => {
    const token = await issuer.mintApiToken(API);
    const policy = globalApi({ scopes: ['x'], checkClaims: () => false });
    expect(await answer(await issuer.mintApiToken(API, { scopes: ['x'] }), policy, {})).toEqual({
      status: 403,
      body: {
        error: 'Token failed the route claim check',
        code: 'claim_check_failed',
        detail: 'Token failed the route claim check',
      },
      challenge:
        'Bearer realm="api", error="insufficient_scope", error_description="Token failed the route claim check"',
    });
    expect((await answer(token, globalApi({ checkClaims: () => true }), {})).status).toBe(200);
  });
});

describe('organization permissions model', () => {
  const policy = organizationPermissions();

  it('rejects a token of another organization: 403 organization_mismatch', async () => {
    const token = await issuer.mintOrganizationToken('org-2');
    expect(await answer(token, policy, {}, { organizationId: 'org-1' })).toEqual(
      forbidden('organization_mismatch', 'Token is not for the organization of this request'),
    );
    expect(await answer(token, policy, {}, { organizationId: 'org-2' })).toEqual({
      status: 200,
      organizationId: 'org-2',
    });
  });

  it('rejects an API token on an organization route, whatever its organization_id', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-1');
    expect((await answer(token, policy, {}, { organizationId: 'org-1' })).status).toBe(403);
  });

  it('reads the organization from the named route parameter', async () => {
    const byOrg = organizationPermissions({ organizationId: 'org' });
    const token = await issuer.mintOrganizationToken('org-1');
    expect((await answer(token, byOrg, {}, { org: 'org-1', organizationId: 'org-2' })).status).toBe(200);
    expect((await answer(token, byOrg, {}, { org: 'org-2', organizationId: 'org-1' })).status).toBe(403);
  });

  it('rejects a request whose organization parameter is empty or not a string', async () => {
    const token = await issuer.mintOrganizationToken('org-1');
    for (const organizationId of ['', 7, ['org-1', 'org-1'], []]) {
      expect((await answer(token, policy, {}, { organizationId })).status).toBe(403);
    }
    expect((await answer(token, policy, {}, { organizationId: ['org-1'] })).status).toBe(200);
  });

  it('answers 500 organization_id_unavailable when the route has no such parameter, before the token', async () => {
    const outcome = await guard.check(
      { authorization: 'Bearer not-a-token', request: {}, params: {} },
      policy,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.response).toEqual({
      status: 500,
      headers: { 'cache-control': 'no-store' },
      body: {
        error: 'The server could not tell the organization of this request',
        code: 'organization_id_unavailable',
        detail: 'The route has no parameter "organizationId" for the policy\'s organizationId',
      },
    });
  });

  it('treats a parameter inherited from the prototype as absent', async () => {
    const token = await issuer.mintOrganizationToken('org-1');
    const params = Object.create({ organizationId: 'org-1' }) as Record<string, unknown>;
    expect((await answer(token, policy, {}, params)).status).toBe(500);
  });

  it('a function source: null, undefined and several ids name no organization', async () => {
    const token = await issuer.mintOrganizationToken('org-1');
    for (const value of [null, undefined, ['org-1', 'org-2'], '']) {
      const byHeader = organizationPermissions({ organizationId: () => value });
      expect((await answer(token, byHeader, {})).status).toBe(403);
    }
    const byHeader = organizationPermissions({ organizationId: (request: { org: string[] }) => request.org });
    expect((await answer(token, byHeader, { org: ['org-1'] })).status).toBe(200);
  });
});

describe('organization-level API model', () => {
  const policy = organizationApi({ scopes: ['read'] });

  it('rejects a token for another organization: 403 organization_mismatch', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-2', { scopes: ['read'] });
    expect(await answer(token, policy, {}, { organizationId: 'org-1' })).toEqual(
      forbidden('organization_mismatch', 'Token is not for the organization of this request'),
    );
    expect((await answer(token, policy, {}, { organizationId: 'org-2' })).status).toBe(200);
  });

  it('rejects a global API token even with the scopes: 403 organization_mismatch', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect((await answer(token, policy, {}, { organizationId: 'org-1' })).body).toMatchObject({
      code: 'organization_mismatch',
    });
  });

  it('rejects an empty organization in the request even when the token names none', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read'], claims: { organization_id: '' } });
    expect((await answer(token, policy, {}, { organizationId: '' })).status).toBe(403);
  });

  it('rejects a token without organization_id when the request names no organization', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    const byHeader = organizationApi({ scopes: ['read'], organizationId: () => undefined });
    expect((await answer(token, byHeader, {})).body).toMatchObject({ code: 'organization_mismatch' });
  });

  it('rejects another API: 403 audience_mismatch; the policy audience replaces the guard one', async () => {
    const token = await issuer.mintOrganizationApiToken(OTHER_API, 'org-1', { scopes: ['read'] });
    expect((await answer(token, policy, {}, { organizationId: 'org-1' })).body).toMatchObject({
      code: 'audience_mismatch',
    });
    const other = organizationApi({ audience: OTHER_API, scopes: ['read'] });
    expect((await answer(token, other, {}, { organizationId: 'org-1' })).status).toBe(200);
  });
});

describe('a hand-made policy object', () => {
  it('is refused with a TypeError naming its unknown model, never let through', async () => {
    const token = await issuer.mintApiToken(API);
    const forged = { ...globalApi(), model: 'everyone' } as unknown as Policy<unknown>;
    await expect(guard.check({ authorization: `Bearer ${token}`, request: {} }, forged)).rejects.toThrow(
      new TypeError('Unknown permission model everyone'),
    );
  });
});

describe('policy options refused by name', () => {
  function configError(run: () => unknown) {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(LogtoGuardConfigError);
      return { option: (error as LogtoGuardConfigError).option, message: (error as Error).message };
    }
    throw new Error('expected a configuration error');
  }

  it('names the model in the message when the options are not an object', () => {
    expect(configError(() => organizationPermissions([] as never)).message).toBe(
      'organizationPermissions() options must be an object',
    );
    expect(configError(() => organizationApi(5 as never)).message).toBe(
      'organizationApi() options must be an object',
    );
  });

  it('says what match, checkClaims and organizationId must be', () => {
    expect(configError(() => globalApi({ match: 'some' as never }))).toEqual({
      option: 'match',
      message: 'options.match must be "all" or "any"',
    });
    expect(configError(() => globalApi({ checkClaims: 'yes' as never }))).toEqual({
      option: 'checkClaims',
      message: 'options.checkClaims must be a function (claims, request) => boolean | Promise<boolean>',
    });
    expect(configError(() => organizationApi({ organizationId: 5 as never }))).toEqual({
      option: 'organizationId',
      message:
        'options.organizationId must be a route parameter name or a function (request) => string | string[] | undefined',
    });
    expect(configError(() => globalApi({ scopes: 'read' as never }))).toEqual({
      option: 'scopes',
      message: 'options.scopes must be an array of permission names',
    });
  });

  it('refuses an audience that is not a string list, on both API models', () => {
    for (const make of [globalApi, organizationApi]) {
      expect(configError(() => make({ audience: [7 as never] }))).toEqual({
        option: 'audience',
        message: 'options.audience must contain only non-empty strings',
      });
    }
  });

  it('accepts match "any" and optional true', () => {
    expect(globalApi({ match: 'any', optional: true })).toMatchObject({ match: 'any', optional: true });
    expect(organizationApi({ organizationId: 'org' }).organizationId).toBe('org');
    expect(organizationApi({ audience: API }).audience).toEqual([API]);
  });
});
