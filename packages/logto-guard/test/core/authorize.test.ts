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
function verdict<Req>(info: AuthInfo, policy: Policy<Req>, request: Req, params?: Record<string, unknown>) {
  try {
    authorize(info, policy, { request, params }, GUARD_AUDIENCES);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(PermissionError);
    return (error as PermissionError).code;
  }
}

describe('authorize: global API', () => {
  it('accepts the guard audience and rejects another one', () => {
    expect(verdict(auth(), globalApi(), {})).toBe('ok');
    expect(verdict(auth({ aud: 'https://other' }), globalApi(), {})).toBe('audience_mismatch');
  });

  it('uses the policy audience instead of the guard one when given', () => {
    expect(verdict(auth(), globalApi({ audience: 'https://other' }), {})).toBe('audience_mismatch');
    expect(verdict(auth({ aud: 'https://other' }), globalApi({ audience: 'https://other' }), {})).toBe('ok');
  });

  it('rejects organization_id unless allowOrganizationId, checking the audience first', () => {
    const orgToken = auth({ organization_id: 'org-1' });
    expect(verdict(orgToken, globalApi(), {})).toBe('organization_id_not_allowed');
    expect(verdict(orgToken, globalApi({ allowOrganizationId: true }), {})).toBe('ok');
    expect(verdict(auth({ aud: 'x', organization_id: 'o' }), globalApi(), {})).toBe('audience_mismatch');
  });
});

describe('authorize: organization permissions', () => {
  const policy = organizationPermissions();

  it('accepts exactly urn:logto:organization:<the request organization>', () => {
    const token = auth({ aud: 'urn:logto:organization:org-1' });
    expect(verdict(token, policy, {}, { organizationId: 'org-1' })).toBe('ok');
    expect(verdict(token, policy, {}, { organizationId: 'org-2' })).toBe('organization_mismatch');
    expect(verdict(token, policy, {}, { organizationId: 'org' })).toBe('organization_mismatch');
  });

  it('rejects when the request names no organization, and API tokens', () => {
    expect(verdict(auth({ aud: 'urn:logto:organization:org-1' }), policy, {})).toBe('organization_mismatch');
    expect(verdict(auth(), policy, {}, { organizationId: 'org-1' })).toBe('organization_mismatch');
  });

  it('reads the organization from a function of the request', () => {
    const byHeader = organizationPermissions({ organizationId: (request: { org: string }) => request.org });
    expect(verdict(auth({ aud: 'urn:logto:organization:o' }), byHeader, { org: 'o' })).toBe('ok');
  });
});

describe('authorize: organization-level API', () => {
  const policy = organizationApi();

  it('needs the API audience and organization_id equal to the request organization', () => {
    expect(verdict(auth({ organization_id: 'org-1' }), policy, {}, { organizationId: 'org-1' })).toBe('ok');
    expect(verdict(auth({ organization_id: 'org-2' }), policy, {}, { organizationId: 'org-1' })).toBe(
      'organization_mismatch',
    );
    expect(verdict(auth(), policy, {}, { organizationId: 'org-1' })).toBe('organization_mismatch');
    expect(
      verdict(auth({ aud: 'x', organization_id: 'org-1' }), policy, {}, { organizationId: 'org-1' }),
    ).toBe('audience_mismatch');
  });
});

describe('authorize: rules every model shares', () => {
  it('checks scopes after the model rules, exactly, all or any', () => {
    const token = auth({ scope: 'read:products write:orders' });
    expect(verdict(token, globalApi({ scopes: ['read:products', 'write:orders'] }), {})).toBe('ok');
    expect(verdict(token, globalApi({ scopes: ['read'] }), {})).toBe('insufficient_scope');
    expect(verdict(token, globalApi({ scopes: ['read', 'write:orders'], match: 'any' }), {})).toBe('ok');
    expect(verdict(auth({ aud: 'x' }), globalApi({ scopes: ['read'] }), {})).toBe('audience_mismatch');
  });

  it('runs checkClaims last, with the claims and the request', () => {
    const seen: unknown[] = [];
    const policy = globalApi({
      checkClaims: (claims, request: { allow: boolean }) => {
        seen.push(claims.sub, request);
        return request.allow;
      },
    });
    expect(verdict(auth(), policy, { allow: true })).toBe('ok');
    expect(verdict(auth(), policy, { allow: false })).toBe('claim_check_failed');
    expect(seen).toEqual(['user-1', { allow: true }, 'user-1', { allow: false }]);
  });

  it('puts the route scopes on every permission failure', () => {
    try {
      authorize(auth({ aud: 'x' }), globalApi({ scopes: ['a', 'b'] }), { request: {} }, GUARD_AUDIENCES);
    } catch (error) {
      expect((error as PermissionError).requiredScopes).toEqual(['a', 'b']);
      expect((error as PermissionError).status).toBe(403);
      return;
    }
    throw new Error('expected a failure');
  });
});
