/**
 * The gateway's decision rules as nginx, Traefik, Envoy and a backend see them: which original request a
 * check describes, which paths are refused before any rule, what an allowed or denied answer carries
 * (status, error body and its header copy, cache header, identity headers), with the real dev issuer's
 * tokens (issue 17: the tests that pin the gateway's rules).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  DEFAULT_ORGANIZATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../src/index.js';

const { acme, globex } = DEFAULT_ORGANIZATIONS;
const { fullAccess } = DEFAULT_APPLICATIONS;

const rules = `rules:
  - name: root
    methods: [GET]
    path: /
    public: true
  - name: public
    path: /public/*
    public: true
  - name: members
    methods: ['*']
    path: /orgs/:organizationId/members
    policy: { model: organization, scopes: [read:members] }
  - name: by-header
    methods: [GET]
    path: /team/members
    policy: { model: organization, scopes: [read:members], organizationId: { header: X-Org } }
  - name: projects
    methods: [GET]
    path: /orgs/:org/projects
    policy: { model: organization-api, scopes: [read:projects], organizationId: { param: org } }
  - name: protected
    methods: [GET, POST]
    path: /api/protected
    policy: { model: global-api, scopes: [api:read] }
`;

let issuer: DevIssuer;
let apiToken: string;
let organizationToken: string;
let organizationApiToken: string;
let backend: Server;
let backendUrl: string;
const gateways: Gateway[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gateway-decision-'));

async function start(extra = '', upstream?: string, guardExtra = ''): Promise<Gateway> {
  const file = join(dir, `gateway-${gateways.length}.yaml`);
  writeFileSync(
    file,
    `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\n${guardExtra}listen:\n  port: 0\n${extra}${rules}`,
  );
  const gateway = await startGateway({ config: file, logger: pino({ enabled: false }), upstream });
  gateways.push(gateway);
  return gateway;
}

async function token(request: { resource?: string; organizationId?: string; scope: string }) {
  const { access_token } = await requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: fullAccess.id,
    clientSecret: fullAccess.secret,
    ...request,
  });
  return access_token;
}

let forward: Gateway;
let debugGateway: Gateway;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
  apiToken = await token({ resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
  organizationToken = await token({ organizationId: acme, scope: 'read:members' });
  organizationApiToken = await token({
    resource: DEFAULT_API_RESOURCE,
    organizationId: acme,
    scope: 'read:projects',
  });
  backend = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ headers: request.headers, url: request.url }));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  forward = await start();
  // debug: true makes the error bodies carry their code.
  debugGateway = await start('', undefined, '  debug: true\n');
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await new Promise((resolve) => backend?.close(resolve));
  await issuer?.close();
});

/** A check as nginx sends it (`X-Original-*`), answered as status, headers and JSON body (if any). */
async function check(
  gateway: Gateway,
  headers: Record<string, string>,
  init: { path?: string; method?: string } = {},
) {
  const response = await fetch(`${gateway.url}${init.path ?? '/auth'}`, {
    method: init.method ?? 'GET',
    headers,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe('the original request a check describes', () => {
  it('takes the check’s own method when nginx sends no X-Original-Method', async () => {
    const get = await check(forward, { 'x-original-uri': '/' });
    const post = await check(forward, { 'x-original-uri': '/' }, { method: 'POST' });
    expect(get.status).toBe(200);
    expect(post.status).toBe(403);
    expect(post.body).toEqual({ error: 'No gateway rule matches this request' });
  });

  it('takes the check’s own method when Traefik sends no X-Forwarded-Method', async () => {
    const post = await check(forward, { 'x-forwarded-uri': '/' }, { method: 'POST' });
    expect(post.status).toBe(403);
    const get = await check(forward, { 'x-forwarded-uri': '/', 'x-forwarded-method': '' });
    expect(get.status).toBe(200);
  });

  it('ignores an empty X-Original-URI and reads Traefik’s header instead', async () => {
    const response = await check(forward, {
      'x-original-uri': '',
      'x-original-method': 'DELETE',
      'x-forwarded-uri': '/public/page',
      'x-forwarded-method': 'GET',
    });
    expect(response.status).toBe(200);
  });

  it('prefers nginx’s headers over Traefik’s', async () => {
    const response = await check(forward, {
      'x-original-uri': '/api/protected',
      'x-forwarded-uri': '/public/page',
    });
    expect(response.status).toBe(401);
  });

  it('reads the path after the endpoint as Envoy sends it, the bare endpoint being "/"', async () => {
    expect((await check(forward, {}, { path: '/auth' })).status).toBe(200);
    expect((await check(forward, {}, { path: '/auth?next=1' })).status).toBe(200);
    expect((await check(forward, {}, { path: '/auth/public/a' })).status).toBe(200);
    expect((await check(forward, bearer(apiToken), { path: '/auth/api/protected' })).status).toBe(200);
    expect((await check(forward, {}, { path: '/auth/api/protected' })).status).toBe(401);
  });
});

describe('paths refused before any rule (403 path_not_normalized)', () => {
  const refused = [
    '/public/../api/protected',
    '/public/./page',
    '/public/..',
    '/public/%2e%2E/page',
    '/public/%2E/page',
    '/public/a%2Fb',
    '/public/a%5cb',
    '/public/a\\b',
    'public/page',
  ];
  for (const uri of refused) {
    it(`refuses ${JSON.stringify(uri)}`, async () => {
      const response = await check(forward, { 'x-original-uri': uri, 'x-original-method': 'GET' });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: 'Request path is not in normal form' });
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  }

  const accepted = [
    '/public/a.b',
    '/public/..page',
    '/public/page.',
    '/public/%41',
    '/public/page?next=/../admin',
    '/public/page?x#/../admin',
    '/public/page#/../admin',
    '/public/page#/../admin?x',
  ];
  for (const uri of accepted) {
    it(`accepts ${JSON.stringify(uri)}`, async () => {
      const response = await check(forward, { 'x-original-uri': uri, 'x-original-method': 'GET' });
      expect(response.status).toBe(200);
    });
  }

  it('matches no rule for a trailing slash, doubled slashes or another case', async () => {
    for (const uri of ['/api/protected/', '//api/protected', '/api//protected', '/API/protected']) {
      const response = await check(forward, { ...bearer(apiToken), 'x-original-uri': uri });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ error: 'No gateway rule matches this request' });
    }
  });

  it('answers a URL it cannot decode with a fixed 400 that is never cached', async () => {
    const response = await fetch(`${forward.url}/auth/public/%zz`);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'Request URL is malformed' });
  });

  it('matches the path without its query or fragment', async () => {
    for (const uri of [
      '/api/protected?x=1',
      '/api/protected#top',
      '/api/protected#a?b',
      '/api/protected?a#b',
    ]) {
      const response = await check(forward, { ...bearer(apiToken), 'x-original-uri': uri });
      expect(response.status).toBe(200);
    }
  });

  it('names the code of its own denials only with debug', async () => {
    const path = await check(debugGateway, { 'x-original-uri': '/a/../b' });
    expect(path.body).toEqual({ error: 'Request path is not in normal form', code: 'path_not_normalized' });
    const unmatched = await check(debugGateway, { 'x-original-uri': '/nothing' });
    expect(unmatched.body).toEqual({
      error: 'No gateway rule matches this request',
      code: 'no_matching_rule',
    });
    expect(unmatched.status).toBe(403);
  });
});

describe('what an answer carries', () => {
  it('answers a public route 200 with no body, no-store and no identity headers', async () => {
    const response = await fetch(`${forward.url}/auth`, {
      headers: { ...bearer(apiToken), 'x-original-uri': '/public/page' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-length')).toBe('0');
    expect(response.headers.get('x-auth-subject')).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('answers an allowed token 200 with no-store and the identity headers', async () => {
    const response = await check(forward, { ...bearer(apiToken), 'x-original-uri': '/api/protected' });
    expect(response.status).toBe(200);
    expect(response.body).toBeUndefined();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-auth-subject')).toBe(fullAccess.id);
    expect(response.headers.get('x-auth-client-id')).toBe(fullAccess.id);
    expect(response.headers.get('x-auth-scopes')).toBe('api:read');
    expect(response.headers.get('x-auth-audience')).toBe(DEFAULT_API_RESOURCE);
    expect(response.headers.get('x-auth-organization-id')).toBeNull();
    expect(response.headers.get('x-auth-claims')).toBeNull();
  });

  it('sends exactly the identity headers, the scopes space-separated, and no claims header when claims are off', async () => {
    const twoScopes = await token({ resource: DEFAULT_API_RESOURCE, scope: 'api:read read:products' });
    const response = await fetch(`${forward.url}/auth`, {
      headers: { ...bearer(twoScopes), 'x-original-uri': '/api/protected' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-auth-scopes')).toBe('api:read read:products');
    const names = [...response.headers.keys()].filter(
      (name) => !['connection', 'date', 'keep-alive'].includes(name),
    );
    expect(names.sort()).toEqual(
      [
        'cache-control',
        'content-length',
        'x-auth-audience',
        'x-auth-client-id',
        'x-auth-scopes',
        'x-auth-subject',
      ].sort(),
    );
  });

  it('answers the same identity for a token seen before', async () => {
    const first = await check(forward, { ...bearer(apiToken), 'x-original-uri': '/api/protected' });
    const second = await check(forward, { ...bearer(apiToken), 'x-original-uri': '/api/protected' });
    expect(second.headers.get('x-auth-subject')).toBe(first.headers.get('x-auth-subject'));
    expect(second.headers.get('x-auth-scopes')).toBe('api:read');
  });

  it('copies a denial’s JSON body into X-Auth-Error-Body, with its challenge', async () => {
    const missing = await check(forward, { 'x-original-uri': '/api/protected' });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: 'Authorization header is missing' });
    expect(missing.headers.get('x-auth-error-body')).toBe(JSON.stringify(missing.body));
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    const unmatched = await check(forward, { 'x-original-uri': '/nothing' });
    expect(unmatched.headers.get('x-auth-error-body')).toBe(
      JSON.stringify({ error: 'No gateway rule matches this request' }),
    );
    expect(unmatched.headers.get('cache-control')).toBe('no-store');
  });

  it('lets a request matching no rule through with unmatched: allow, without identity', async () => {
    const open = await start('unmatched: allow\n');
    const response = await check(open, { ...bearer(apiToken), 'x-original-uri': '/nothing' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-auth-subject')).toBeNull();
  });
});

describe('organization rules', () => {
  it('allows an organization token on its organization’s path, with the organization headers', async () => {
    const response = await check(forward, {
      ...bearer(organizationToken),
      'x-original-uri': `/orgs/${acme}/members`,
      'x-original-method': 'DELETE',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-auth-organization-id')).toBe(acme);
    expect(response.headers.get('x-auth-audience')).toBe(`urn:logto:organization:${acme}`);
    expect(response.headers.get('x-auth-scopes')).toBe('read:members');
  });

  it('refuses an organization token on another organization’s path (403)', async () => {
    const response = await check(forward, {
      ...bearer(organizationToken),
      'x-original-uri': `/orgs/${globex}/members`,
    });
    expect(response.status).toBe(403);
  });

  it('reads the organization id from the configured header', async () => {
    const ok = await check(forward, {
      ...bearer(organizationToken),
      'x-original-uri': '/team/members',
      'x-org': acme,
    });
    expect(ok.status).toBe(200);
    const other = await check(forward, {
      ...bearer(organizationToken),
      'x-original-uri': '/team/members',
      'x-org': globex,
    });
    expect(other.status).toBe(403);
    const none = await check(forward, { ...bearer(organizationToken), 'x-original-uri': '/team/members' });
    expect(none.status).toBe(403);
  });

  it('reads the organization id from the named path parameter for an organization-level API token', async () => {
    const ok = await check(forward, {
      ...bearer(organizationApiToken),
      'x-original-uri': `/orgs/${acme}/projects`,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-auth-organization-id')).toBe(acme);
    expect(ok.headers.get('x-auth-audience')).toBe(DEFAULT_API_RESOURCE);
    const other = await check(forward, {
      ...bearer(organizationApiToken),
      'x-original-uri': `/orgs/${globex}/projects`,
    });
    expect(other.status).toBe(403);
  });
});

describe('identity header names', () => {
  const names =
    'identityHeaders:\n  subject: X-Sub\n  clientId: X-Client\n  organizationId: X-Org-Id\n  scopes: X-Scopes\n  audience: X-Aud\n  claims: X-Claims\n';

  it('uses every configured name, the claims as base64url JSON', async () => {
    const gateway = await start(names);
    const response = await check(gateway, {
      ...bearer(organizationToken),
      'x-original-uri': `/orgs/${acme}/members`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-sub')).toBe(fullAccess.id);
    expect(response.headers.get('x-client')).toBe(fullAccess.id);
    expect(response.headers.get('x-org-id')).toBe(acme);
    expect(response.headers.get('x-scopes')).toBe('read:members');
    expect(response.headers.get('x-aud')).toBe(`urn:logto:organization:${acme}`);
    const claims = JSON.parse(Buffer.from(response.headers.get('x-claims') ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ sub: fullAccess.id, aud: `urn:logto:organization:${acme}` });
    for (const name of [
      'x-auth-subject',
      'x-auth-client-id',
      'x-auth-scopes',
      'x-auth-audience',
      'x-auth-claims',
    ]) {
      expect(response.headers.get(name)).toBeNull();
    }
  });

  it('removes every configured identity header a client sends before the backend sees it', async () => {
    const gateway = await start(names, backendUrl);
    const spoofed = {
      'x-sub': 'a',
      'x-client': 'b',
      'x-org-id': 'c',
      'x-scopes': 'd',
      'x-aud': 'e',
      'x-claims': 'f',
    };
    const publicCall = await fetch(`${gateway.url}/public/page`, { headers: spoofed });
    const seen = ((await publicCall.json()) as { headers: Record<string, string> }).headers;
    for (const name of Object.keys(spoofed)) expect(seen[name]).toBeUndefined();
    const allowed = await fetch(`${gateway.url}/api/protected`, {
      headers: { ...spoofed, ...bearer(apiToken) },
    });
    const verified = ((await allowed.json()) as { headers: Record<string, string> }).headers;
    expect(verified['x-sub']).toBe(fullAccess.id);
    expect(verified['x-client']).toBe(fullAccess.id);
    expect(verified['x-scopes']).toBe('api:read');
    expect(verified['x-aud']).toBe(DEFAULT_API_RESOURCE);
    expect(verified['x-org-id']).toBeUndefined();
    expect(verified['x-claims']).not.toBe('f');
  });

  it('removes the default claims header a client sends even when claims are off', async () => {
    const gateway = await start('', backendUrl);
    const response = await fetch(`${gateway.url}/public/page`, {
      headers: {
        'x-auth-claims': 'e30',
        'x-auth-organization-id': 'org',
        'x-auth-audience': 'a',
        'x-auth-client-id': 'c',
      },
    });
    const seen = ((await response.json()) as { headers: Record<string, string> }).headers;
    expect(seen['x-auth-claims']).toBeUndefined();
    expect(seen['x-auth-organization-id']).toBeUndefined();
    expect(seen['x-auth-audience']).toBeUndefined();
    expect(seen['x-auth-client-id']).toBeUndefined();
  });

  it('forwards the denial of a proxied request without reaching the backend', async () => {
    const gateway = await start('', backendUrl);
    const response = await fetch(`${gateway.url}/nothing`);
    expect(response.status).toBe(403);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'No gateway rule matches this request' });
  });
});
