// onFailure: once per failure, a plain object safe to log; a throwing hook changes nothing; debug shows
// a 503's cause in the body.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type FailureEvent, globalApi, organizationPermissions } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

function recorder() {
  const events: FailureEvent[] = [];
  return { events, onFailure: (event: FailureEvent) => events.push(event) };
}

describe('onFailure', () => {
  it('reports verified facts for a 403 and decoded ones for a bad signature, never the token', async () => {
    const { events, onFailure } = recorder();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, onFailure });
    const token = await issuer.mintApiToken(API, { subject: 'user-7', clientId: 'app-7' });
    await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi({ scopes: ['read'] }));
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(128)}`;
    await guard.check({ authorization: `Bearer ${forged}`, request: {} }, globalApi());
    await guard.check({ authorization: undefined, request: {} }, globalApi());
    expect(events).toEqual([
      {
        type: 'request',
        code: 'insufficient_scope',
        status: 403,
        kind: 'permission',
        detail: 'Token lacks the scopes this route needs',
        requiredScopes: ['read'],
        token: {
          verified: true,
          issuer: issuer.issuer,
          kid: issuer.kid,
          subject: 'user-7',
          clientId: 'app-7',
        },
      },
      {
        type: 'request',
        code: 'invalid_signature',
        status: 401,
        kind: 'token',
        detail: 'Token signature is invalid',
        requiredScopes: [],
        token: {
          verified: false,
          issuer: issuer.issuer,
          kid: issuer.kid,
          subject: 'user-7',
          clientId: 'app-7',
        },
      },
      {
        type: 'request',
        code: 'missing_authorization',
        status: 401,
        kind: 'credentials',
        detail: 'Authorization header is missing',
        requiredScopes: [],
      },
    ]);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(token.split('.')[1]);
    expect(logged).not.toContain(token.split('.')[2]);
  });

  it('says verified for an expired token whose signature held, and names the organization', async () => {
    const { events, onFailure } = recorder();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, onFailure });
    const expired = await issuer.mintOrganizationToken('org-9', { expiresIn: -60 });
    await guard.check(
      { authorization: `Bearer ${expired}`, request: {}, params: { organizationId: 'org-9' } },
      organizationPermissions(),
    );
    expect(events).toMatchObject([
      { code: 'token_expired', status: 401, token: { verified: true, organizationId: 'org-9' } },
    ]);
  });

  it('names the parameter of a 500 organization_id_unavailable', async () => {
    const { events, onFailure } = recorder();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, onFailure });
    const outcome = await guard.check(
      { authorization: undefined, request: {}, params: { orgId: 'o' } },
      organizationPermissions({ organizationId: 'organizationId' }),
    );
    expect(outcome.ok ? 200 : outcome.response.status).toBe(500);
    expect(events).toMatchObject([
      { code: 'organization_id_unavailable', status: 500, parameter: 'organizationId' },
    ]);
  });

  it('swallows what the hook throws: the answer is the same', async () => {
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: issuer.fetch,
      onFailure: () => {
        throw new Error('logger down');
      },
    });
    const outcome = await guard.check({ authorization: 'Bearer x.y.z', request: {} }, globalApi());
    expect(outcome.ok ? 200 : outcome.response.status).toBe(401);
  });

  it('gives a 503 the cause chain, and debug puts it in the body (the URL that answered 404)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { events, onFailure } = recorder();
      const guard = createGuard({ endpoint: origin, audience: API, debug: true, onFailure });
      const token = await issuer.mintApiToken(API, { claims: { iss: `${origin}/oidc` } });
      const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
      const url = `${origin}/oidc/.well-known/openid-configuration`;
      const cause = [{ message: `${url} answered HTTP 404`, url, status: 404 }];
      expect(outcome.ok ? undefined : outcome.response).toMatchObject({
        status: 503,
        body: { code: 'discovery_failed', detail: 'OpenID discovery document could not be loaded', cause },
      });
      expect(events).toMatchObject([{ code: 'discovery_failed', status: 503, cause }]);
    } finally {
      server.close();
    }
  });

  it('reports a timeout with its duration', async () => {
    const { events, onFailure } = recorder();
    issuer.setOutage('hang');
    try {
      const guard = createGuard({
        endpoint: issuer.endpoint,
        audience: API,
        fetch: issuer.fetch,
        fetchTimeout: 100,
        onFailure,
      });
      await guard.check(
        { authorization: `Bearer ${await issuer.mintApiToken(API)}`, request: {} },
        globalApi(),
      );
    } finally {
      issuer.setOutage('none');
    }
    expect(events).toMatchObject([{ status: 503, cause: [{ timeout: 100 }] }]);
  });
});
