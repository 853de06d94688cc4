// What `onFailure` says about the token of a failed request, as an operator reads it in the logs: each
// value cut to 200 characters, only string values, the organization of an organization token read from
// its audience, nothing at all about a token that cannot be decoded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type FailureEvent,
  globalApi,
  organizationPermissions,
  type RequestFailureEvent,
} from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

/** The token facts `onFailure` gets for one request with `authorization`. */
async function reported(
  authorization: string,
  policy: Parameters<ReturnType<typeof createGuard>['check']>[1] = globalApi({ scopes: ['read'] }),
  params?: Record<string, string>,
): Promise<RequestFailureEvent> {
  const events: FailureEvent[] = [];
  const guard = createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    fetch: issuer.fetch,
    jwksCooldown: 0, // an unknown kid is looked up again at once
    onFailure: (event) => events.push(event),
  });
  await guard.check({ authorization, request: {}, params }, policy);
  expect(events).toHaveLength(1);
  return events[0] as RequestFailureEvent;
}

const long = (c: string) => c.repeat(250);

describe('token facts of a failure', () => {
  it('cuts every decoded value to 200 characters', async () => {
    const token = await issuer.mintApiToken(API, {
      subject: long('s'),
      clientId: long('c'),
      claims: { organization_id: long('o') },
      header: { kid: long('k') },
    });
    expect((await reported(`Bearer ${token}`)).token).toStrictEqual({
      verified: false,
      issuer: issuer.issuer,
      kid: 'k'.repeat(200),
      subject: 's'.repeat(200),
      clientId: 'c'.repeat(200),
      organizationId: 'o'.repeat(200),
    });
  });

  it('cuts every verified value to 200 characters and leaves out values that are not strings', async () => {
    const token = await issuer.mintApiToken(API, {
      subject: long('s'),
      claims: { client_id: 42, organization_id: long('o') },
    });
    expect((await reported(`Bearer ${token}`)).token).toStrictEqual({
      verified: true,
      issuer: issuer.issuer,
      kid: issuer.kid,
      subject: 's'.repeat(200),
      organizationId: 'o'.repeat(200),
    });
  });

  it('names the organization of an organization token from its audience once verified, cut to 200', async () => {
    const token = await issuer.mintOrganizationToken(long('g'));
    const event = await reported(`Bearer ${token}`, organizationPermissions({ scopes: ['read'] }), {
      organizationId: long('g'),
    });
    expect(event.code).toBe('insufficient_scope');
    expect(event.token).toMatchObject({ verified: true, organizationId: 'g'.repeat(200) });
  });

  it('prefers the organization_id claim over the audience', async () => {
    const token = await issuer.mintOrganizationToken('org-aud', { claims: { organization_id: 'org-claim' } });
    const event = await reported(`Bearer ${token}`, organizationPermissions({ scopes: ['read'] }), {
      organizationId: 'org-aud',
    });
    expect(event.token?.organizationId).toBe('org-claim');
  });

  it('gives the kid of a token whose payload cannot be decoded', async () => {
    const token = await issuer.mintApiToken(API);
    const [header, , signature] = token.split('.');
    const event = await reported(`Bearer ${header}.bm90LWpzb24.${signature}`);
    expect(event.token).toStrictEqual({ verified: false, kid: issuer.kid });
  });

  it('says nothing about a token whose header cannot be decoded', async () => {
    const event = await reported('Bearer abc.def.ghi');
    expect(event.code).toBe('token_malformed');
    expect('token' in event).toBe(false);
  });

  it('reads no organization from an audience that is a list, or the bare organization prefix', async () => {
    const listed = await issuer.mintApiToken(API, { claims: { aud: [API, 'https://other.example.com'] } });
    const bare = await issuer.mintApiToken(API, { claims: { aud: 'urn:logto:organization:' } });
    const longer = await issuer.mintApiToken('https://api.example.com/orders/v2');
    for (const token of [listed, bare, longer]) {
      const event = await reported(`Bearer ${token}`);
      expect(event.token).toStrictEqual({
        verified: true,
        issuer: issuer.issuer,
        kid: issuer.kid,
        subject: 'user-1',
        clientId: 'app-1',
      });
    }
  });
});

describe('the event of a failure', () => {
  it('carries only the fields that apply: no parameter, cause or token where none is known', async () => {
    const event = await reported('Bearer');
    expect(event).toStrictEqual({
      type: 'request',
      code: event.code,
      status: 401,
      kind: event.kind,
      detail: event.detail,
      requiredScopes: [],
    });
  });

  it("gives a 503's cause only the fields known: the URL and the status, or the URL and the timeout", async () => {
    const events: FailureEvent[] = [];
    const failing = (serve: () => Promise<Response>) =>
      createGuard({
        endpoint: issuer.endpoint,
        audience: API,
        fetchTimeout: 100,
        fetch: serve,
        onFailure: (event) => events.push(event),
      });
    const token = await issuer.mintApiToken(API);
    const url = `${issuer.issuer}/.well-known/openid-configuration`;
    await failing(async () => new Response('gone', { status: 410 })).check(
      { authorization: `Bearer ${token}`, request: {} },
      globalApi(),
    );
    await failing(() => Promise.reject(new DOMException('timed out', 'TimeoutError'))).check(
      { authorization: `Bearer ${token}`, request: {} },
      globalApi(),
    );
    expect(events.map((event) => (event as RequestFailureEvent).cause)).toStrictEqual([
      [{ message: `${url} answered HTTP 410`, url, status: 410 }],
      [{ message: `${url} did not answer within 100 ms`, url, timeout: 100 }],
    ]);
  });

  it("gives a 503 whose cause is the document's content only the message of that cause", async () => {
    const events: FailureEvent[] = [];
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: async () => Response.json({ issuer: 'https://evil.example.com/oidc', jwks_uri: issuer.jwksUri }),
      onFailure: (event) => events.push(event),
    });
    const token = await issuer.mintApiToken(API);
    await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    expect(events.map((event) => (event as RequestFailureEvent).cause)).toStrictEqual([
      [{ message: 'discovery document names another issuer' }],
    ]);
  });

  it("keeps the runtime's error as the cause of the fetch failure a 503 names, for the application's own logs", async () => {
    const network = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: () => Promise.reject(network),
    });
    const token = await issuer.mintApiToken(API);
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    if (outcome.ok) throw new Error('expected a failure');
    const fetchFailure = outcome.error.cause as Error;
    expect(fetchFailure.name).toBe('FetchFailure');
    expect(fetchFailure.message).toBe(
      `${issuer.issuer}/.well-known/openid-configuration could not be fetched (ECONNREFUSED)`,
    );
    expect(fetchFailure.cause).toBe(network);
  });

  it('gives an HTTP status failure no cause below it', async () => {
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: async () => new Response('gone', { status: 410 }),
    });
    const token = await issuer.mintApiToken(API);
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    if (outcome.ok) throw new Error('expected a failure');
    expect('cause' in (outcome.error.cause as Error)).toBe(false);
  });
});
