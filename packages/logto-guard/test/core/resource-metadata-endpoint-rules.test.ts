// The answers of the RFC 9728 metadata route every adapter serves, as a client reads them: which paths,
// which methods, the status, the CORS and cache headers, and the document (scopes read at each answer).
import { describe, expect, it } from 'vitest';
import { createMetadataEndpoint, notePolicy } from '../../src/core/adapter-kit.js';
import { createGuard, globalApi } from '../../src/core/index.js';

const ISSUER = 'https://tenant.example.com/oidc';
const newGuard = (audience = 'https://api.example.com/v1') =>
  createGuard({ endpoint: 'https://tenant.example.com', audience });

describe('metadata route', () => {
  it('serves the well-known path and the path-suffixed one of a resource with a path', () => {
    const endpoint = createMetadataEndpoint(newGuard());
    expect(endpoint.paths).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/v1',
    ]);
    expect(endpoint.answer('GET', '/.well-known/oauth-protected-resource/v1')?.status).toBe(200);
    expect(endpoint.answer('GET', '/.well-known/oauth-protected-resource/v2')).toBeUndefined();
    expect(endpoint.answer('GET', '/api/products')).toBeUndefined();
  });

  it('answers GET and HEAD (any case) with 200, the document, CORS for every origin and a 5-minute cache', () => {
    const endpoint = createMetadataEndpoint(newGuard(), { resourceName: 'Shop API' });
    const expected = {
      status: 200,
      headers: { 'access-control-allow-origin': '*', 'cache-control': 'max-age=300' },
      body: {
        resource: 'https://api.example.com/v1',
        authorization_servers: [ISSUER],
        scopes_supported: [],
        bearer_methods_supported: ['header'],
        resource_name: 'Shop API',
      },
    };
    expect(endpoint.answer('GET', '/.well-known/oauth-protected-resource')).toEqual(expected);
    expect(endpoint.answer('head', '/.well-known/oauth-protected-resource')).toEqual(expected);
  });

  it('answers the CORS preflight with 204, the methods it serves and every header, for a day', () => {
    const endpoint = createMetadataEndpoint(newGuard());
    expect(endpoint.answer('options', '/.well-known/oauth-protected-resource')).toEqual({
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, HEAD, OPTIONS',
        'access-control-allow-headers': '*',
        'access-control-max-age': '86400',
      },
      body: undefined,
    });
  });

  it('leaves other methods to the application', () => {
    const endpoint = createMetadataEndpoint(newGuard());
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      expect(endpoint.answer(method, '/.well-known/oauth-protected-resource')).toBeUndefined();
    }
  });

  it('lists the scopes of routes declared after the route was made', () => {
    const guard = newGuard();
    const endpoint = createMetadataEndpoint(guard);
    notePolicy(guard, globalApi({ scopes: ['read:products'] }));
    expect(endpoint.answer('GET', '/.well-known/oauth-protected-resource')?.body?.scopes_supported).toEqual([
      'read:products',
    ]);
  });
});
