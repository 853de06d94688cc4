// End to end against a real OpenID provider: tokens come from the dev issuer's token endpoint
// (oidc-provider, as in Logto), over HTTP on 127.0.0.1, and are checked by a guard using discovery.
import {
  DEFAULT_API_RESOURCE as API,
  DEFAULT_APPLICATIONS as APPS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  organizationApi,
  organizationPermissions,
  type Policy,
} from '../../src/core/index.js';

type App = keyof typeof APPS;

function tokenFor(
  issuer: DevIssuer,
  app: App,
  params: { resource?: string; scope?: string; organizationId?: string },
) {
  return requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: APPS[app].id,
    clientSecret: APPS[app].secret,
    ...params,
  }).then((response) => response.access_token);
}

async function check(
  guard: Guard,
  token: string,
  policy: Policy<unknown>,
  params: Record<string, string> = {},
) {
  const outcome = await guard.check({ authorization: `Bearer ${token}`, params, request: {} }, policy);
  return outcome.ok
    ? { status: 200, auth: outcome.auth?.toJSON() }
    : { status: outcome.response.status, code: outcome.error.code };
}

for (const alg of ['ES384', 'RS256'] as const) {
  describe(`guard with tokens from the dev issuer (${alg})`, () => {
    let issuer: DevIssuer;
    let guard: Guard;

    beforeAll(async () => {
      issuer = await startDevIssuer({ port: 0, alg });
      guard = createGuard({ endpoint: issuer.url, audience: API });
    });
    afterAll(() => issuer?.close());

    it(`signs with ${alg} and typ at+jwt`, async () => {
      const token = await tokenFor(issuer, 'fullAccess', { resource: API, scope: 'api:read' });
      expect(decodeProtectedHeader(token)).toMatchObject({ alg, typ: 'at+jwt' });
    });

    it('accepts a global API token with the granted scopes, M2M sub = client id', async () => {
      const token = await tokenFor(issuer, 'fullAccess', { resource: API, scope: 'api:read api:write' });
      expect(await check(guard, token, globalApi({ scopes: ['api:read', 'api:write'] }))).toEqual({
        status: 200,
        auth: {
          sub: APPS.fullAccess.id,
          clientId: APPS.fullAccess.id,
          organizationId: null,
          scopes: ['api:read', 'api:write'],
          audience: [API],
        },
      });
    });

    it('rejects with 403 a token whose roles did not grant the scope', async () => {
      const token = await tokenFor(issuer, 'readOnly', { resource: API, scope: 'api:read api:write' });
      expect(await check(guard, token, globalApi({ scopes: ['api:read', 'api:write'] }))).toEqual({
        status: 403,
        code: 'insufficient_scope',
      });
    });

    it('treats a token requested without scope as having no permissions', async () => {
      const token = await tokenFor(issuer, 'fullAccess', { resource: API });
      expect(await check(guard, token, globalApi())).toMatchObject({ status: 200, auth: { scopes: [] } });
      expect(await check(guard, token, globalApi({ scopes: ['api:read'] }))).toMatchObject({ status: 403 });
    });

    it('accepts an organization token only on its own organization', async () => {
      const token = await tokenFor(issuer, 'fullAccess', {
        organizationId: 'org-acme',
        scope: 'read:members',
      });
      const policy = organizationPermissions({ scopes: ['read:members'] });
      expect(await check(guard, token, policy, { organizationId: 'org-acme' })).toMatchObject({
        status: 200,
      });
      expect(await check(guard, token, policy, { organizationId: 'org-globex' })).toEqual({
        status: 403,
        code: 'organization_mismatch',
      });
      expect(await check(guard, token, globalApi())).toEqual({ status: 403, code: 'audience_mismatch' });
    });

    it('accepts an organization-level API token on its organization and refuses it on a global route', async () => {
      const token = await tokenFor(issuer, 'globexMember', {
        resource: API,
        organizationId: 'org-globex',
        scope: 'read:projects',
      });
      const policy = organizationApi({ scopes: ['read:projects'] });
      expect(await check(guard, token, policy, { organizationId: 'org-globex' })).toMatchObject({
        status: 200,
        auth: { organizationId: 'org-globex', scopes: ['read:projects'] },
      });
      expect(await check(guard, token, policy, { organizationId: 'org-acme' })).toMatchObject({
        status: 403,
      });
      expect(await check(guard, token, globalApi())).toEqual({
        status: 403,
        code: 'organization_id_not_allowed',
      });
    });

    it('keeps accepting old tokens and accepts new ones after a key rotation', async () => {
      const rotating = await startDevIssuer({ port: 0, alg });
      try {
        const rotatingGuard = createGuard({ endpoint: rotating.url, audience: API, jwksCooldown: 0 });
        const before = await tokenFor(rotating, 'fullAccess', { resource: API, scope: 'api:read' });
        expect(await check(rotatingGuard, before, globalApi())).toMatchObject({ status: 200 });
        await rotating.rotateKeys({ alg: alg === 'ES384' ? 'RS256' : 'ES384' });
        const after = await tokenFor(rotating, 'fullAccess', { resource: API, scope: 'api:read' });
        expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
        expect(await check(rotatingGuard, after, globalApi())).toMatchObject({ status: 200 });
        expect(await check(rotatingGuard, before, globalApi())).toMatchObject({ status: 200 });
      } finally {
        await rotating.close();
      }
    });
  });
}
