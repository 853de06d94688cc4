import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createGuard,
  type Guard,
  globalApi,
  organizationApi,
  organizationPermissions,
} from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
let issuer: TestIssuer;
let guard: Guard;

beforeAll(async () => {
  issuer = await createTestIssuer();
  guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
});

afterAll(async () => {
  await issuer?.close();
});

/** The caller the guard sees for a token under a policy. */
async function callerOf(token: string, policy: Parameters<Guard['check']>[1]) {
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, policy);
  if (!outcome.ok) throw outcome.error;
  return outcome.auth!;
}

describe('the testing kit mints user tokens (sub = the user, client_id = the app)', () => {
  it('a user token for a global API resource', async () => {
    const token = await issuer.mintApiToken(API, {
      subject: 'user-admin',
      clientId: 'playground-spa',
      scopes: ['api:read'],
    });
    const auth = await callerOf(token, globalApi({ scopes: ['api:read'] }));
    expect(auth.toJSON()).toMatchObject({
      sub: 'user-admin',
      clientId: 'playground-spa',
      organizationId: null,
    });
  });

  it('a user organization token', async () => {
    const token = await issuer.mintOrganizationToken('org-acme', {
      subject: 'user-member',
      clientId: 'playground-spa',
      scopes: ['read:members'],
    });
    const auth = await callerOf(
      token,
      organizationPermissions({ scopes: ['read:members'], organizationId: () => 'org-acme' }),
    );
    expect(auth.sub).toBe('user-member');
    expect(auth.sub).not.toBe(auth.clientId);
  });

  it('a user organization-level API token', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-acme', {
      subject: 'user-member',
      clientId: 'playground-spa',
      scopes: ['read:projects'],
    });
    const auth = await callerOf(
      token,
      organizationApi({ scopes: ['read:projects'], organizationId: () => 'org-acme' }),
    );
    expect(auth.toJSON()).toMatchObject({ sub: 'user-member', organizationId: 'org-acme' });
  });

  it('by default: a user token (sub user-1 ≠ client_id app-1); a machine token sets subject = clientId', async () => {
    const user = await callerOf(await issuer.mintApiToken(API), globalApi());
    expect([user.sub, user.clientId]).toEqual(['user-1', 'app-1']);
    const machine = await callerOf(
      await issuer.mintApiToken(API, { subject: 'm2m-app', clientId: 'm2m-app' }),
      globalApi(),
    );
    expect(machine.sub).toBe(machine.clientId);
  });
});
