/**
 * The adapter contract: one table of requests and the exact answers every adapter must give, over real
 * HTTP on 127.0.0.1. An adapter test calls `runContract` with a function that serves `contractRoutes`.
 */
import { createHmac, createPublicKey } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type FailureEvent,
  type Guard,
  type GuardOptions,
  LogtoGuardConfigError,
  type ResourceMetadataOptions,
} from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API } from './routes.js';

export { API, contractRoutes } from './routes.js';

/** A running server of the adapter under test. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `contractRoutes` protected by `guard`, on 127.0.0.1 with a random port. */
export type StartServer = (guard: Guard) => Promise<RunningServer>;

/**
 * Serves `contractRoutes` protected by a guard made from `options`: for a server in another runtime (Bun,
 * Deno, workerd), which builds the guard itself.
 */
export type StartServerWithOptions = (options: GuardOptions) => Promise<RunningServer>;

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = () => NOW;
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Row {
  name: string;
  path: string;
  /** The code `onFailure` reports for a failure (and the body's with `debug`). */
  code?: string;
  /** The Authorization header, built from the issuer (undefined: none). */
  authorization: (issuer: TestIssuer) => Promise<string | undefined>;
  status: number;
  challenge?: string;
  body: unknown;
}

const bearer = (token: Promise<string>) => token.then((t) => `Bearer ${t}`);
const AUTH_MISSING = { error: 'Authorization header is missing' };
const INVALID = { error: 'Invalid token' };
const FORBIDDEN = { error: 'Insufficient scope' };
const C401 = 'Bearer realm="api"';
const CTOKEN = 'Bearer realm="api", error="invalid_token"';
const scopeChallenge = (scope: string) => `Bearer realm="api", error="insufficient_scope", scope="${scope}"`;
/** A 403 that is not about a missing scope: its challenge and body say what failed (never a scope). */
const notFor = (error: 'invalid_token' | 'insufficient_scope', message: string) => ({
  challenge: `Bearer realm="api", error="${error}", error_description="${message}"`,
  body: { error: message },
});
const WRONG_AUDIENCE = notFor('invalid_token', 'Token audience is not this API');
const WRONG_ORGANIZATION = notFor('invalid_token', 'Token is not for the organization of this request');
const ORGANIZATION_TOKEN_ON_GLOBAL = notFor('invalid_token', 'Organization-level token used on a global API');
const CLAIM_CHECK = notFor('insufficient_scope', 'Token failed the route claim check');
const authJson = (over: Record<string, unknown> = {}) => ({
  auth: { sub: 'user-1', clientId: 'app-1', organizationId: null, scopes: [], audience: [API], ...over },
});

async function foreignToken(kid: string): Promise<string> {
  const { privateKey } = await generateKeyPair('ES384');
  return new SignJWT({ iss: 'x', sub: 'user-1', client_id: 'app-1', aud: API, exp: NOW / 1000 + 60 })
    .setProtectedHeader({ alg: 'ES384', typ: 'at+jwt', kid })
    .sign(privateKey);
}

async function hs256WithPublicKey(issuer: TestIssuer): Promise<string> {
  const jwk = issuer.jwks().keys[0] as Record<string, unknown>;
  const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const head = b64url({ alg: 'HS256', typ: 'at+jwt', kid: issuer.kid });
  const body = b64url({
    iss: issuer.issuer,
    sub: 'user-1',
    client_id: 'app-1',
    aud: API,
    exp: NOW / 1000 + 60,
  });
  const signature = createHmac('sha256', pem).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

const rows: Row[] = [
  {
    name: 'rejects a request without Authorization header',
    path: '/api/products',
    authorization: async () => undefined,
    status: 401,
    challenge: C401,
    body: AUTH_MISSING,
  },
  {
    name: 'rejects another scheme without error=',
    path: '/api/products',
    authorization: async () => 'Basic dXNlcjpwYXNz',
    status: 401,
    challenge: C401,
    body: { error: 'Authorization header must start with "Bearer "' },
  },
  {
    name: 'rejects an empty bearer token',
    path: '/api/products',
    authorization: async () => 'Bearer ',
    status: 401,
    challenge: 'Bearer realm="api", error="invalid_request"',
    body: { error: 'Authorization header is malformed' },
  },
  {
    name: 'rejects two bearer tokens',
    path: '/api/products',
    authorization: async () => 'Bearer abc def',
    status: 401,
    challenge: 'Bearer realm="api", error="invalid_request"',
    body: { error: 'Authorization header is malformed' },
  },
  {
    name: 'rejects a token that is not a JWT',
    path: '/api/products',
    authorization: async () => 'Bearer not-a-jwt',
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects alg none',
    path: '/api/products',
    authorization: async (i) =>
      `Bearer ${b64url({ alg: 'none', typ: 'at+jwt', kid: i.kid })}.${b64url({ iss: i.issuer, sub: 'u', client_id: 'a', aud: API, exp: NOW / 1000 + 60, scope: 'read:products' })}.`,
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects HS256 signed with the public key',
    path: '/api/products',
    authorization: async (i) => `Bearer ${await hs256WithPublicKey(i)}`,
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects a token signed by another key under a real kid',
    path: '/api/products',
    authorization: async (i) => `Bearer ${await foreignToken(i.kid)}`,
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects an expired token',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read:products'], expiresIn: -60 })),
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects typ JWT (an ID token signed by the same key)',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read:products'], header: { typ: 'JWT' } })),
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects a token from another issuer',
    path: '/api/products',
    authorization: (i) =>
      bearer(
        i.mintApiToken(API, { scopes: ['read:products'], claims: { iss: 'https://evil.logto.app/oidc' } }),
      ),
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects a scope claim that is not a string',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { claims: { scope: ['read:products'] } })),
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'rejects a token for another API with 403',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken('https://other.example.com', { scopes: ['read:products'] })),
    status: 403,
    ...WRONG_AUDIENCE,
  },
  {
    name: 'rejects "read" for a route needing "read:products"',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read'] })),
    status: 403,
    challenge: scopeChallenge('read:products'),
    body: FORBIDDEN,
  },
  {
    name: 'rejects one of two required scopes',
    path: '/api/protected',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['api:read'] })),
    status: 403,
    challenge: scopeChallenge('api:read api:write'),
    body: FORBIDDEN,
  },
  {
    name: 'rejects organization_id on a global route',
    path: '/api/products',
    authorization: (i) => bearer(i.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:products'] })),
    status: 403,
    ...ORGANIZATION_TOKEN_ON_GLOBAL,
  },
  {
    name: 'rejects a token failing the route claim check',
    path: '/api/admin',
    authorization: (i) => bearer(i.mintApiToken(API)),
    status: 403,
    ...CLAIM_CHECK,
  },
  {
    name: 'accepts a global API token with the scope',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read:products', 'write:orders'] })),
    status: 200,
    body: authJson({ scopes: ['read:products', 'write:orders'] }),
  },
  {
    name: 'accepts the scheme in any case',
    path: '/api/products',
    authorization: async (i) => `bEARER ${await i.mintApiToken(API, { scopes: ['read:products'] })}`,
    status: 200,
    body: authJson({ scopes: ['read:products'] }),
  },
  {
    name: 'accepts any one scope where the route says any',
    path: '/api/any',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['api:write'] })),
    status: 200,
    body: authJson({ scopes: ['api:write'] }),
  },
  {
    name: 'accepts both scopes where the route needs all',
    path: '/api/protected',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['api:read', 'api:write'] })),
    status: 200,
    body: authJson({ scopes: ['api:read', 'api:write'] }),
  },
  {
    name: 'accepts a token passing the route claim check',
    path: '/api/admin',
    authorization: (i) => bearer(i.mintApiToken(API, { subject: 'admin' })),
    status: 200,
    body: authJson({ sub: 'admin' }),
  },
  {
    name: 'optional route: runs without auth when no header is sent',
    path: '/api/optional',
    authorization: async () => undefined,
    status: 200,
    body: { auth: null },
  },
  {
    name: 'optional route: still rejects an expired token',
    path: '/api/optional',
    authorization: (i) => bearer(i.mintApiToken(API, { expiresIn: -60 })),
    status: 401,
    challenge: CTOKEN,
    body: INVALID,
  },
  {
    name: 'optional route: passes auth for a valid token',
    path: '/api/optional',
    authorization: (i) => bearer(i.mintApiToken(API)),
    status: 200,
    body: authJson(),
  },
  {
    name: 'accepts an organization token on its organization',
    path: '/orgs/org-a/members',
    authorization: (i) => bearer(i.mintOrganizationToken('org-a', { scopes: ['read:members'] })),
    status: 200,
    body: authJson({
      scopes: ['read:members'],
      audience: ['urn:logto:organization:org-a'],
      organizationId: 'org-a',
    }),
  },
  {
    name: "rejects an organization token on another organization's path",
    path: '/orgs/org-b/members',
    authorization: (i) => bearer(i.mintOrganizationToken('org-a', { scopes: ['read:members'] })),
    status: 403,
    ...WRONG_ORGANIZATION,
  },
  {
    name: 'rejects an organization id that is only a prefix of the audience',
    path: '/orgs/org/members',
    authorization: (i) => bearer(i.mintOrganizationToken('org-a', { scopes: ['read:members'] })),
    status: 403,
    ...WRONG_ORGANIZATION,
  },
  {
    name: 'rejects an organization token without the permission',
    path: '/orgs/org-a/members',
    authorization: (i) => bearer(i.mintOrganizationToken('org-a', { scopes: ['invite:member'] })),
    status: 403,
    challenge: scopeChallenge('read:members'),
    body: FORBIDDEN,
  },
  {
    name: 'rejects a global API token on an organization route',
    path: '/orgs/org-a/members',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read:members'] })),
    status: 403,
    ...WRONG_ORGANIZATION,
  },
  {
    name: 'accepts an organization-level API token for its organization',
    path: '/orgs/org-a/projects',
    authorization: (i) => bearer(i.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] })),
    status: 200,
    body: authJson({ scopes: ['read:projects'], organizationId: 'org-a' }),
  },
  {
    name: 'rejects an organization-level API token on another organization',
    path: '/orgs/org-b/projects',
    authorization: (i) => bearer(i.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] })),
    status: 403,
    ...WRONG_ORGANIZATION,
  },
  {
    name: 'rejects a global API token (no organization_id) on an organization-level route',
    path: '/orgs/org-a/projects',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read:projects'] })),
    status: 403,
    ...WRONG_ORGANIZATION,
  },
  {
    name: 'rejects an organization token on an organization-level API route',
    path: '/orgs/org-a/projects',
    authorization: (i) => bearer(i.mintOrganizationToken('org-a', { scopes: ['read:projects'] })),
    status: 403,
    ...WRONG_AUDIENCE,
  },
  {
    name: 'answers 500 organization_id_unavailable when the route lacks the policy parameter',
    path: '/misnamed/org-a/members',
    authorization: (i) => bearer(i.mintOrganizationToken('org-a', { scopes: ['read:members'] })),
    status: 500,
    code: 'organization_id_unavailable',
    body: { error: 'The server could not tell the organization of this request' },
  },
  {
    name: 'answers 500 on a route lacking the policy parameter even without a token',
    path: '/misnamed/org-a/members',
    authorization: async () => undefined,
    status: 500,
    code: 'organization_id_unavailable',
    body: { error: 'The server could not tell the organization of this request' },
  },
];

async function call(url: string, authorization: string | undefined) {
  const response = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
  const text = await response.text();
  return { response, text };
}

/**
 * Builds the adapter's middleware (or module) with a misspelled option; the contract expects creation to
 * throw, naming the key and the option meant.
 */
export interface MisspelledOption {
  create: (guard: Guard) => unknown;
  /** The misspelled key given, and the option it should suggest. */
  key: string;
  suggests: string;
}

/**
 * Runs the whole contract table against one adapter, with a guard reporting to `onFailure`: every row
 * that fails must be reported exactly once, with its status and code, and never with the token.
 */
export function runContract(adapter: string, start: StartServer, misspelled?: MisspelledOption): void {
  const events: FailureEvent[] = [];
  const onFailure = (event: FailureEvent) => {
    events.push(event);
  };
  contractSuite(adapter, (options) => start(createGuard({ ...options, onFailure })), events);
  if (misspelled === undefined) return;
  describe(`${adapter} adapter options`, () => {
    it(`refuses the unknown option \`${misspelled.key}\`, naming \`${misspelled.suggests}\``, () => {
      const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
      let thrown: unknown;
      try {
        misspelled.create(guard);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(LogtoGuardConfigError);
      expect(thrown).toMatchObject({
        option: misspelled.key,
        message: `unknown option \`${misspelled.key}\`; did you mean \`${misspelled.suggests}\`?`,
      });
    });
  });
}

/** Runs the whole contract table against one adapter whose server makes the guard from the options. */
export function runContractWithOptions(adapter: string, start: StartServerWithOptions): void {
  contractSuite(adapter, start, undefined);
}

function contractSuite(adapter: string, start: StartServerWithOptions, events: FailureEvent[] | undefined) {
  describe(`${adapter} adapter contract`, () => {
    let issuer: TestIssuer;
    let server: RunningServer;
    let down: RunningServer;

    beforeAll(async () => {
      issuer = await createTestIssuer({ listen: true, now });
      server = await start({ endpoint: issuer.endpoint, audience: API, now });
      // An issuer nobody listens on: the key set cannot be loaded.
      down = await start({ endpoint: 'http://127.0.0.1:9', audience: API, now, fetchTimeout: 1000 });
    });
    afterAll(async () => {
      await server?.close();
      await down?.close();
      await issuer?.close();
    });

    it.each(rows)('$name', async (row) => {
      const authorization = await row.authorization(issuer);
      const before = events?.length ?? 0;
      const { response, text } = await call(`${server.url}${row.path}`, authorization);
      expect(response.status).toBe(row.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(text)).toEqual(row.body);
      expect(response.headers.get('www-authenticate')).toBe(row.challenge ?? null);
      const token = authorization?.split(' ')[1];
      if (token && row.status !== 200) expect(text).not.toContain(token);
      if (events === undefined) return;
      // onFailure: once per failure, with its status (and code where the row names it), never the token.
      const reported = events.slice(before);
      expect(reported.map((event) => (event.type === 'request' ? event.status : 0))).toEqual(
        row.status === 200 ? [] : [row.status],
      );
      if (row.code !== undefined) expect(reported[0]).toMatchObject({ code: row.code });
      if (row.status === 500) expect(reported[0]).toMatchObject({ parameter: 'organizationId' });
      if (row.status === 403) expect(reported[0]).toMatchObject({ token: { verified: true } });
      if (token) expect(JSON.stringify(reported)).not.toContain(token.split('.')[2] || token);
    });

    it('protects HEAD of a GET route: 401 with the challenge, then 200 for a valid token', async () => {
      const head = (headers: Record<string, string>) =>
        fetch(`${server.url}/api/products`, { method: 'HEAD', headers });
      const anonymous = await head({});
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe(C401);
      const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
      const forbidden = await head({ authorization: `Bearer ${await issuer.mintApiToken(API)}` });
      expect(forbidden.status).toBe(403);
      expect((await head({ authorization: `Bearer ${token}` })).status).toBe(200);
    });

    it('answers 503 with Retry-After when the key set cannot be loaded', async () => {
      // A token of the unreachable issuer: its `iss` is accepted, so its keys are fetched, and fail.
      const token = await issuer.mintApiToken(API, {
        scopes: ['read:products'],
        claims: { iss: 'http://127.0.0.1:9/oidc' },
      });
      const before = events?.length ?? 0;
      const { response, text } = await call(`${down.url}/api/products`, `Bearer ${token}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(JSON.parse(text)).toEqual({ error: 'Authorization server unavailable' });
      if (events === undefined) return;
      expect(events.slice(before)).toMatchObject([
        {
          status: 503,
          code: 'discovery_failed',
          cause: [{ url: 'http://127.0.0.1:9/oidc/.well-known/openid-configuration' }],
          token: { verified: false, kid: issuer.kid, subject: 'user-1' },
        },
      ]);
    });
  });
}

/** Serves `contractRoutes` and the RFC 9728 metadata route of `guard` with `options`. */
export type StartMetadataServer = (guard: Guard, options: ResourceMetadataOptions) => Promise<RunningServer>;

/** A resource indicator with a path: its metadata is also served at the path-suffixed location. */
export const METADATA_RESOURCE = `${API}/shop`;
const METADATA_URL = `${API}/.well-known/oauth-protected-resource/shop`;
const withMetadata = (challenge: string) => `${challenge}, resource_metadata="${METADATA_URL}"`;

interface MetadataRow {
  name: string;
  method: 'GET' | 'HEAD' | 'OPTIONS';
  path: string;
  headers?: Record<string, string>;
  status: number;
  /** Expected headers (lower-case names). */
  expectHeaders: Record<string, string | RegExp>;
  /** Whether the body is the metadata document (else: empty). */
  document: boolean;
}

const metadataRows: MetadataRow[] = [
  {
    name: 'serves the metadata at /.well-known/oauth-protected-resource, readable from any origin',
    method: 'GET',
    path: '/.well-known/oauth-protected-resource',
    headers: { origin: 'https://client.example' },
    status: 200,
    expectHeaders: { 'access-control-allow-origin': '*', 'content-type': /^application\/json/ },
    document: true,
  },
  {
    name: 'serves the metadata at the path-suffixed location of RFC 9728 §3.1',
    method: 'GET',
    path: '/.well-known/oauth-protected-resource/shop',
    status: 200,
    expectHeaders: { 'access-control-allow-origin': '*', 'content-type': /^application\/json/ },
    document: true,
  },
  {
    name: 'answers HEAD on the metadata route without a body',
    method: 'HEAD',
    path: '/.well-known/oauth-protected-resource',
    status: 200,
    expectHeaders: { 'access-control-allow-origin': '*' },
    document: false,
  },
  {
    name: 'answers the CORS preflight of the metadata route',
    method: 'OPTIONS',
    path: '/.well-known/oauth-protected-resource/shop',
    headers: {
      origin: 'https://client.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'mcp-protocol-version',
    },
    status: 204,
    expectHeaders: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': /GET/,
      'access-control-allow-headers': '*',
    },
    document: false,
  },
];

const challengeRows: Row[] = [
  {
    name: 'adds resource_metadata to the 401 without credentials',
    path: '/api/products',
    authorization: async () => undefined,
    status: 401,
    challenge: withMetadata(C401),
    body: AUTH_MISSING,
  },
  {
    name: 'adds resource_metadata to the 401 of an invalid token',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read:products'], expiresIn: -60 })),
    status: 401,
    challenge: withMetadata(CTOKEN),
    body: INVALID,
  },
  {
    name: 'adds resource_metadata to the 403 insufficient_scope',
    path: '/api/products',
    authorization: (i) => bearer(i.mintApiToken(API, { scopes: ['read'] })),
    status: 403,
    challenge: withMetadata(scopeChallenge('read:products')),
    body: FORBIDDEN,
  },
];

/**
 * The RFC 9728 part of the contract: the metadata route (both locations, HEAD, CORS preflight) and the
 * `resource_metadata` parameter of every challenge, for one adapter.
 */
export function runMetadataContract(adapter: string, start: StartMetadataServer): void {
  describe(`${adapter} adapter contract: protected-resource metadata`, () => {
    let issuer: TestIssuer;
    let server: RunningServer;

    beforeAll(async () => {
      issuer = await createTestIssuer({ listen: true, now });
      const guard = createGuard({
        endpoint: issuer.endpoint,
        audience: [METADATA_RESOURCE, API],
        resourceMetadata: METADATA_URL,
        now,
      });
      server = await start(guard, { resourceName: 'Contract API' });
    });
    afterAll(async () => {
      await server?.close();
      await issuer?.close();
    });

    it.each(metadataRows)('$name', async (row) => {
      const response = await fetch(`${server.url}${row.path}`, { method: row.method, headers: row.headers });
      expect(response.status).toBe(row.status);
      for (const [name, value] of Object.entries(row.expectHeaders)) {
        const expected = value instanceof RegExp ? expect.stringMatching(value) : value;
        expect([name, response.headers.get(name)]).toEqual([name, expected]);
      }
      const text = await response.text();
      if (!row.document) {
        expect(text).toBe('');
        return;
      }
      const document = JSON.parse(text);
      expect({ ...document, scopes_supported: [...document.scopes_supported].sort() }).toEqual({
        resource: METADATA_RESOURCE,
        authorization_servers: [issuer.issuer],
        scopes_supported: ['api:read', 'api:write', 'read:members', 'read:products', 'read:projects'],
        bearer_methods_supported: ['header'],
        resource_name: 'Contract API',
      });
    });

    it.each(challengeRows)('$name', async (row) => {
      const { response, text } = await call(`${server.url}${row.path}`, await row.authorization(issuer));
      expect(response.status).toBe(row.status);
      expect(JSON.parse(text)).toEqual(row.body);
      expect(response.headers.get('www-authenticate')).toBe(row.challenge);
    });
  });
}
