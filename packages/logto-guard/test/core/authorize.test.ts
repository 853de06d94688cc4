import { describe, expect, it } from 'vitest';
import { authorize } from '../../src/core/authorize.js';
import { PermissionError } from '../../src/core/errors.js';
import {
  AuthInfo,
  globalApi,
  organizationApi,
  organizationPermissions,
  type Policy,
} from '../../src/core/index.js';

const API = 'https://api.example.com';
const GUARD_AUDIENCES = [API];

const auth = (claims: Record<string, unknown> = {}) =>
  new AuthInfo({
    iss: 'https://logto.test/oidc',
    sub: 'user-1',
    client_id: 'app-1',
    aud: API,
    exp: 1,
    ...claims,
  });

/** The failing code, or `ok`. */
async function verdict<Req>(
  info: AuthInfo,
  policy: Policy<Req>,
  request: Req,
  params?: Record<string, unknown>,
) {
  try {
    await authorize(info, policy, { request, params }, GUARD_AUDIENCES);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(PermissionError);
    return (error as PermissionError).code;
  }
}

describe('authorize: global API', () => {
  it('accepts the guard audience and rejects another one', async () => {
    expect(await verdict(auth(), globalApi(), {})).toBe('ok');
    expect(await verdict(auth({ aud: 'https://other' }), globalApi(), {})).toBe('audience_mismatch');
  });

  it('uses the policy audience instead of the guard one when given', async () => {
    expect(await verdict(auth(), globalApi({ audience: 'https://other' }), {})).toBe('audience_mismatch');
    expect(await verdict(auth({ aud: 'https://other' }), globalApi({ audience: 'https://other' }), {})).toBe(
      'ok',
    );
  });

  it('rejects organization_id unless allowOrganizationId, checking the audience first', async () => {
    const orgToken = auth({ organization_id: 'org-1' });
    expect(await verdict(orgToken, globalApi(), {})).toBe('organization_id_not_allowed');
    expect(await verdict(orgToken, globalApi({ allowOrganizationId: true }), {})).toBe('ok');
    expect(await verdict(auth({ aud: 'x', organization_id: 'o' }), globalApi(), {})).toBe(
      'audience_mismatch',
    );
  });
});

describe('authorize: organization permissions', () => {
  const policy = organizationPermissions();

  it('accepts exactly urn:logto:organization:<the request organization>', async () => {
    const token = auth({ aud: 'urn:logto:organization:org-1' });
    expect(await verdict(token, policy, {}, { organizationId: 'org-1' })).toBe('ok');
    expect(await verdict(token, policy, {}, { organizationId: 'org-2' })).toBe('organization_mismatch');
    expect(await verdict(token, policy, {}, { organizationId: 'org' })).toBe('organization_mismatch');
  });

  it('rejects when the request names no organization, and API tokens', async () => {
    const token = auth({ aud: 'urn:logto:organization:org-1' });
    expect(await verdict(token, policy, {}, { organizationId: '' })).toBe('organization_mismatch');
    expect(await verdict(auth(), policy, {}, { organizationId: 'org-1' })).toBe('organization_mismatch');
  });

  it('answers 500 organization_id_unavailable, naming it, when the route has no such parameter', async () => {
    const token = auth({ aud: 'urn:logto:organization:org-1' });
    for (const params of [undefined, {}, { orgId: 'org-1' }]) {
      await expect(authorize(token, policy, { request: {}, params }, GUARD_AUDIENCES)).rejects.toMatchObject({
        kind: 'server',
        status: 500,
        code: 'organization_id_unavailable',
        parameter: 'organizationId',
      });
    }
  });

  it('takes a header value typed string | string[]: one id is that id, several name none', async () => {
    const byHeader = organizationPermissions({
      organizationId: (request: { headers: Record<string, string | string[] | undefined> }) =>
        request.headers['x-organization-id'],
    });
    const token = auth({ aud: 'urn:logto:organization:o' });
    expect(await verdict(token, byHeader, { headers: { 'x-organization-id': 'o' } })).toBe('ok');
    expect(await verdict(token, byHeader, { headers: { 'x-organization-id': ['o'] } })).toBe('ok');
    expect(await verdict(token, byHeader, { headers: { 'x-organization-id': ['o', 'o'] } })).toBe(
      'organization_mismatch',
    );
    expect(await verdict(token, byHeader, { headers: {} })).toBe('organization_mismatch');
  });

  it('reads the organization from a function of the request', async () => {
    const byHeader = organizationPermissions({ organizationId: (request: { org: string }) => request.org });
    expect(await verdict(auth({ aud: 'urn:logto:organization:o' }), byHeader, { org: 'o' })).toBe('ok');
  });
});

describe('authorize: organization-level API', () => {
  const policy = organizationApi();

  it('needs the API audience and organization_id equal to the request organization', async () => {
    expect(await verdict(auth({ organization_id: 'org-1' }), policy, {}, { organizationId: 'org-1' })).toBe(
      'ok',
    );
    expect(await verdict(auth({ organization_id: 'org-2' }), policy, {}, { organizationId: 'org-1' })).toBe(
      'organization_mismatch',
    );
    expect(await verdict(auth(), policy, {}, { organizationId: 'org-1' })).toBe('organization_mismatch');
    expect(
      await verdict(auth({ aud: 'x', organization_id: 'org-1' }), policy, {}, { organizationId: 'org-1' }),
    ).toBe('audience_mismatch');
  });
});

describe('authorize: rules every model shares', () => {
  it('checks scopes after the model rules, exactly, all or any', async () => {
    const token = auth({ scope: 'read:products write:orders' });
    expect(await verdict(token, globalApi({ scopes: ['read:products', 'write:orders'] }), {})).toBe('ok');
    expect(await verdict(token, globalApi({ scopes: ['read'] }), {})).toBe('insufficient_scope');
    expect(await verdict(token, globalApi({ scopes: ['read', 'write:orders'], match: 'any' }), {})).toBe(
      'ok',
    );
    expect(await verdict(auth({ aud: 'x' }), globalApi({ scopes: ['read'] }), {})).toBe('audience_mismatch');
  });

  it('runs checkClaims last, with the claims and the request', async () => {
    const seen: unknown[] = [];
    const policy = globalApi({
      checkClaims: (claims, request: { allow: boolean }) => {
        seen.push(claims.sub, request);
        return request.allow;
      },
    });
    expect(await verdict(auth(), policy, { allow: true })).toBe('ok');
    expect(await verdict(auth(), policy, { allow: false })).toBe('claim_check_failed');
    expect(seen).toEqual(['user-1', { allow: true }, 'user-1', { allow: false }]);
  });

  it('awaits an asynchronous checkClaims: only true passes, a rejection is rethrown', async () => {
    const answering = (answer: unknown) => globalApi({ checkClaims: async () => answer as boolean });
    expect(await verdict(auth(), answering(true), {})).toBe('ok');
    // Before: a returned Promise was truthy, so every valid token passed.
    expect(await verdict(auth(), answering(false), {})).toBe('claim_check_failed');
    expect(await verdict(auth(), answering('yes'), {})).toBe('claim_check_failed');
    expect(await verdict(auth(), answering(1), {})).toBe('claim_check_failed');
    const sync = globalApi({ checkClaims: () => Promise.resolve(false) });
    expect(await verdict(auth(), sync, {})).toBe('claim_check_failed');
    const failing = globalApi({
      checkClaims: async () => {
        throw new RangeError('database down');
      },
    });
    await expect(authorize(auth(), failing, { request: {} }, GUARD_AUDIENCES)).rejects.toThrow(RangeError);
  });

  it('gives organization tokens their organization as auth.organizationId', () => {
    expect(auth({ aud: 'urn:logto:organization:org-1' }).organizationId).toBe('org-1');
    expect(auth({ organization_id: 'org-2' }).organizationId).toBe('org-2');
    expect(auth().organizationId).toBeNull();
  });

  it('puts the route scopes on every permission failure', async () => {
    try {
      await authorize(
        auth({ aud: 'x' }),
        globalApi({ scopes: ['a', 'b'] }),
        { request: {} },
        GUARD_AUDIENCES,
      );
    } catch (error) {
      expect((error as PermissionError).requiredScopes).toEqual(['a', 'b']);
      expect((error as PermissionError).status).toBe(403);
      return;
    }
    throw new Error('expected a failure');
  });
});
