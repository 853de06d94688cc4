import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  LogtoGuardConfigError,
  organizationPermissions,
  PermissionError,
} from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
let issuer: TestIssuer;
let guard: Guard;
beforeAll(async () => {
  issuer = await createTestIssuer();
  guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
});
afterAll(() => issuer.close());

const request = {};

describe('createGuard', () => {
  it('checks options at creation and exposes them frozen', () => {
    expect(() => createGuard({ endpoint: 'https://t.logto.app' } as never)).toThrow(LogtoGuardConfigError);
    expect(Object.isFrozen(guard)).toBe(true);
    expect(Object.isFrozen(guard.options)).toBe(true);
    expect(guard.options.audiences).toEqual([API]);
  });

  it('does not fetch anything before the first request', () => {
    let fetches = 0;
    createGuard({
      endpoint: 'https://t.logto.app',
      audience: API,
      fetch: () => {
        fetches += 1;
        return Promise.reject(new Error('no network'));
      },
    });
    expect(fetches).toBe(0);
  });
});

describe('guard.check', () => {
  it('returns the caller for a token the policy accepts', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    const outcome = await guard.check(
      { authorization: `Bearer ${token}`, request },
      globalApi({ scopes: ['read'] }),
    );
    expect(outcome.ok && outcome.auth?.scopes).toEqual(['read']);
  });

  it('returns the failure with its rendered answer instead of rejecting', async () => {
    const token = await issuer.mintApiToken(API);
    const outcome = await guard.check(
      { authorization: `Bearer ${token}`, request },
      globalApi({ scopes: ['read'] }),
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(PermissionError);
    expect(outcome.response).toEqual(guard.render(outcome.error));
    expect(outcome.response.status).toBe(403);
  });

  it('lets a request without credentials through an optional policy, but not a bad token', async () => {
    const optional = globalApi({ optional: true });
    expect(await guard.check({ authorization: undefined, request }, optional)).toEqual({
      ok: true,
      auth: undefined,
    });
    expect(await guard.check({ authorization: '', request }, optional)).toEqual({
      ok: true,
      auth: undefined,
    });
    const bad = await guard.check({ authorization: 'Bearer not-a-jwt', request }, optional);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('token_malformed');
  });

  it('rethrows what a policy function throws', async () => {
    const token = await issuer.mintOrganizationToken('org-1');
    const throwing = organizationPermissions({
      organizationId: () => {
        throw new RangeError('from the app');
      },
    });
    await expect(guard.check({ authorization: `Bearer ${token}`, request }, throwing)).rejects.toThrow(
      RangeError,
    );
  });
});

describe('guard.verify', () => {
  it('verifies a token without any route policy, and rejects with the failure', async () => {
    const token = await issuer.mintOrganizationApiToken('https://another.api', 'org-1');
    expect((await guard.verify(token)).organizationId).toBe('org-1');
    await expect(guard.verify('x.y.z')).rejects.toMatchObject({ kind: 'token', status: 401 });
  });
});
