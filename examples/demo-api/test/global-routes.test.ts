import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningDemo, startDemo } from '../src/start.js';
import {
  API_RESOURCE,
  call,
  expectDenied,
  expectForbidden,
  expectUnauthenticated,
  fullAccess,
  globexMember,
  readOnly,
  tokenFor,
  withMetadata,
} from './helpers.js';

let demo: RunningDemo;
let fullToken: string;
let readOnlyToken: string;

const authOf = (clientId: string, scopes: string[]) => ({
  sub: clientId,
  clientId,
  organizationId: null,
  scopes,
  audience: [API_RESOURCE],
});

beforeAll(async () => {
  demo = await startDemo({ port: 0, issuerPort: 0 });
  const issuer = demo.devIssuer!;
  fullToken = await tokenFor(issuer, fullAccess, {
    resource: API_RESOURCE,
    scope: 'api:read api:write read:products write:orders',
  });
  readOnlyToken = await tokenFor(issuer, readOnly, {
    resource: API_RESOURCE,
    scope: 'api:read read:products',
  });
});

afterAll(async () => {
  await demo?.close();
});

describe('GET /', () => {
  it('answers without a token', async () => {
    const res = await call(demo.url, '/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Hello from logto-guard' });
  });
});

describe('GET /api/protected (global, api:read AND api:write)', () => {
  it('answers 200 with the caller for a token holding both scopes', async () => {
    const res = await call(demo.url, '/api/protected', { token: fullToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      auth: authOf(fullAccess.id, ['api:read', 'api:write', 'read:products', 'write:orders']),
    });
  });

  it('rejects a request without a token: 401 with the bare challenge', async () => {
    const res = await call(demo.url, '/api/protected');
    expectUnauthenticated(res);
  });

  it('rejects a tampered token: 401 invalid_token', async () => {
    const tampered = `${fullToken.slice(0, -4)}AAAA`;
    const res = await call(demo.url, '/api/protected', { token: tampered });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toEqual(
      withMetadata('Bearer realm="api", error="invalid_token"'),
    );
    expect(res.body).toEqual({ error: 'Invalid token' });
  });

  it('rejects the read-only app (api:read without api:write): 403 naming the scopes', async () => {
    const res = await call(demo.url, '/api/protected', { token: readOnlyToken });
    expectForbidden(res, 'api:read api:write');
  });

  it('rejects an organization token: 403', async () => {
    const orgToken = await tokenFor(demo.devIssuer!, globexMember, {
      organizationId: 'org-globex',
      scope: 'read:members',
    });
    const res = await call(demo.url, '/api/protected', { token: orgToken });
    expectDenied(res, 'audience');
  });

  it('rejects an organization-level API token (organization_id on a global route): 403', async () => {
    const orgApiToken = await tokenFor(demo.devIssuer!, fullAccess, {
      resource: API_RESOURCE,
      organizationId: 'org-acme',
      scope: 'read:projects',
    });
    const res = await call(demo.url, '/api/protected', { token: orgApiToken });
    expectDenied(res, 'organization_id');
  });
});

describe('GET /api/products (global, read:products)', () => {
  it('lists the products for the read-only app', async () => {
    const res = await call(demo.url, '/api/products', { token: readOnlyToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      products: [
        { id: 'prod-1', name: 'Widget', price: 9.99 },
        { id: 'prod-2', name: 'Gadget', price: 24.5 },
      ],
      auth: authOf(readOnly.id, ['api:read', 'read:products']),
    });
  });

  it('rejects a token without read:products: 403', async () => {
    const token = await tokenFor(demo.devIssuer!, fullAccess, { resource: API_RESOURCE, scope: 'api:read' });
    const res = await call(demo.url, '/api/products', { token });
    expectForbidden(res, 'read:products');
  });

  it('rejects a request without a token: 401', async () => {
    expectUnauthenticated(await call(demo.url, '/api/products'));
  });
});

describe('POST /api/orders (global, write:orders)', () => {
  it('creates an order: 201 with the order', async () => {
    const res = await call(demo.url, '/api/orders', {
      method: 'POST',
      token: fullToken,
      json: { item: 'Widget', qty: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      order: { id: expect.stringMatching(/^order-\d+$/), item: 'Widget', qty: 3, createdBy: fullAccess.id },
      auth: { clientId: fullAccess.id },
    });
  });

  it.each([
    ['qty zero', { item: 'Widget', qty: 0 }, ['"qty" must be a positive integer']],
    ['qty fractional', { item: 'Widget', qty: 1.5 }, ['"qty" must be a positive integer']],
    ['qty as a string', { item: 'Widget', qty: '2' }, ['"qty" must be a positive integer']],
    ['item missing', { qty: 2 }, ['"item" must be a non-empty string']],
    ['item blank', { item: '  ', qty: 2 }, ['"item" must be a non-empty string']],
    ['both wrong', {}, ['"item" must be a non-empty string', '"qty" must be a positive integer']],
    [
      'an array',
      [{ item: 'Widget', qty: 1 }],
      ['the body must be a JSON object sent with Content-Type: application/json'],
    ],
  ])('rejects a body with %s: 400 listing the problems', async (_case, json, details) => {
    const res = await call(demo.url, '/api/orders', { method: 'POST', token: fullToken, json });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'Invalid request body', details });
  });

  it('rejects malformed JSON: 400 JSON error, no stack trace', async () => {
    const res = await call(demo.url, '/api/orders', {
      method: 'POST',
      token: fullToken,
      json: '{"item": "Wid',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'Malformed JSON body' });
  });

  it('rejects a body that is not JSON: 400', async () => {
    const response = await fetch(`${demo.url}/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fullToken}`, 'content-type': 'text/plain' },
      body: 'item=Widget&qty=2',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Invalid request body',
      details: ['the body must be a JSON object sent with Content-Type: application/json'],
    });
  });

  it('checks the token before the body: no token and a bad body is 401', async () => {
    const res = await call(demo.url, '/api/orders', { method: 'POST', json: '{not json' });
    expectUnauthenticated(res);
  });

  it('checks the scope before the body: the read-only app with a bad body is 403', async () => {
    const res = await call(demo.url, '/api/orders', { method: 'POST', token: readOnlyToken, json: {} });
    expectForbidden(res, 'write:orders');
  });
});

describe('unknown routes', () => {
  it('answers 404 JSON', async () => {
    const res = await call(demo.url, '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Not found' });
  });
});
