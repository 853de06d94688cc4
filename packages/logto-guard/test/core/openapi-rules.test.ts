// What the OpenAPI helpers the adapters share put into a user's document: the components merged beside the
// document's own, the operation a router's method name maps to, and the policy found among a route's
// middleware (the adapters' tests reach them through each framework; these pin the rules once).
import { describe, expect, it } from 'vitest';
import {
  notedHandler,
  openApiMethod,
  policyOfHandlers,
  withOpenApiComponents,
} from '../../src/core/adapter-kit.js';
import {
  createGuard,
  globalApi,
  LogtoGuardConfigError,
  openApiComponents,
  openApiOperation,
  openApiPaths,
} from '../../src/core/index.js';
import { notePolicy } from '../../src/core/route-registry.js';

const guard = createGuard({ endpoint: 'https://tenant.example.com', audience: 'https://api.example.com' });

describe('withOpenApiComponents', () => {
  it("adds the guard's schemes, schema and responses beside the document's own entries", () => {
    const components = openApiComponents(guard);
    const document = {
      openapi: '3.1.0',
      paths: {},
      components: {
        securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-key' } },
        schemas: { Product: { type: 'object' } },
        responses: { NotFound: { description: 'Not found' } },
        parameters: { page: { name: 'page', in: 'query' } },
      },
    };
    const merged = withOpenApiComponents(document, components);
    expect(merged.openapi).toBe('3.1.0');
    expect(merged.components).toEqual({
      securitySchemes: { apiKey: document.components.securitySchemes.apiKey, ...components.securitySchemes },
      schemas: { Product: { type: 'object' }, ...components.schemas },
      responses: { NotFound: { description: 'Not found' }, ...components.responses },
      parameters: document.components.parameters,
    });
    expect(document.components.schemas).toEqual({ Product: { type: 'object' } });
  });

  it('gives a document without components only the guard ones', () => {
    const components = openApiComponents(guard);
    const document: { openapi: string; components?: object } = { openapi: '3.1.0' };
    expect(withOpenApiComponents(document, components)).toEqual({ openapi: '3.1.0', components });
  });
});

describe('openApiMethod', () => {
  it('maps the methods a router lists, in any case, and nothing else', () => {
    expect(['GET', 'put', 'Post', 'DELETE', 'patch', 'HEAD', 'options'].map(openApiMethod)).toEqual([
      'get',
      'put',
      'post',
      'delete',
      'patch',
      'head',
      'options',
    ]);
    expect(openApiMethod('ALL')).toBeUndefined();
    expect(openApiMethod('CONNECT')).toBeUndefined();
  });
});

describe('policyOfHandlers', () => {
  it("finds the first adapter middleware's policy among a route's handlers, skipping the others", () => {
    const first = globalApi({ scopes: ['read'] });
    const second = globalApi({ scopes: ['write'] });
    const handler = notedHandler(() => {}, first);
    expect(policyOfHandlers([{}, 'x', () => {}, handler, notedHandler(() => {}, second)])).toBe(first);
    expect(policyOfHandlers([() => {}, null])).toBeUndefined();
    expect(policyOfHandlers([])).toBeUndefined();
  });
});

describe('operations', () => {
  it('gives each scope its own alternative for match any, and one requirement for match all', () => {
    const any = globalApi({ scopes: ['a', 'b'], match: 'any' });
    expect(openApiOperation(any).security).toEqual([
      { logto: ['a'] },
      { bearerAuth: ['a'] },
      { logto: ['b'] },
      { bearerAuth: ['b'] },
    ]);
    expect(openApiOperation(globalApi({ scopes: ['a'], match: 'any' })).security).toEqual([
      { logto: ['a'] },
      { bearerAuth: ['a'] },
    ]);
    expect(openApiOperation(globalApi({ scopes: ['a', 'b'] })).security).toEqual([
      { logto: ['a', 'b'] },
      { bearerAuth: ['a', 'b'] },
    ]);
  });

  it('refers to the guard 401 and 403 responses and adds a 200, with no parameters on a path without any', () => {
    const paths = openApiPaths([{ method: 'get', path: '/api/products', policy: globalApi() }]);
    expect(paths).toEqual({
      '/api/products': {
        get: {
          security: [{ logto: [] }, { bearerAuth: [] }],
          responses: {
            '200': { description: 'OK' },
            '401': { $ref: '#/components/responses/LogtoGuardUnauthorized' },
            '403': { $ref: '#/components/responses/LogtoGuardForbidden' },
          },
        },
      },
    });
  });

  it('keeps two methods of one path', () => {
    const paths = openApiPaths([
      { method: 'get', path: '/items/:id', policy: globalApi() },
      { method: 'delete', path: '/items/:id', policy: globalApi(), summary: 'Delete' },
    ]);
    expect(Object.keys(paths['/items/{id}'] ?? {})).toEqual(['get', 'delete']);
    expect(paths['/items/{id}']?.delete).toMatchObject({ summary: 'Delete' });
    expect(Object.keys(paths['/items/{id}']?.get ?? {})).toEqual(['security', 'responses', 'parameters']);
  });
});

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    return (error as Error).message;
  }
  return 'no error';
}

describe('openApiComponents', () => {
  it('is the whole components object a document serves, with the scopes of the routes noted so far', () => {
    const shop = createGuard({
      endpoint: 'https://tenant.example.com',
      audience: ['https://api.example.com', 'https://admin.example.com'],
    });
    notePolicy(shop, globalApi({ scopes: ['read:products'] }));
    const errorResponse = (description: string) => ({
      description,
      headers: {
        'WWW-Authenticate': { description: 'The Bearer challenge (RFC 6750 §3)', schema: { type: 'string' } },
      },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/LogtoGuardError' } } },
    });
    expect(openApiComponents(shop, { scopeDescriptions: { 'write:products': 'Edit products' } })).toEqual({
      securitySchemes: {
        logto: {
          type: 'oauth2',
          description:
            'Logto access token for https://api.example.com, https://admin.example.com (ask with resource=<API>)',
          flows: {
            clientCredentials: {
              tokenUrl: 'https://tenant.example.com/oidc/token',
              scopes: { 'read:products': '', 'write:products': 'Edit products' },
            },
          },
        },
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Logto access token (typ at+jwt) pasted as is',
        },
      },
      schemas: {
        LogtoGuardError: {
          type: 'object',
          required: ['error'],
          properties: {
            error: { type: 'string', description: 'What failed, safe to show; never contains the token' },
            code: { type: 'string', description: 'Stable failure code (debug mode only)' },
            detail: { type: 'string', description: 'The failing check (debug mode only)' },
          },
        },
      },
      responses: {
        LogtoGuardUnauthorized: errorResponse('Missing, malformed or invalid access token'),
        LogtoGuardForbidden: errorResponse(
          'Valid token without the scope, audience or organization this route needs',
        ),
      },
    });
  });

  it('refuses wrong options with the option and what it must be', () => {
    expect(configError(() => openApiComponents(guard, 'flows' as never))).toBe('options must be an object');
    expect(configError(() => openApiComponents(guard, { tokenUrl: 'token' }))).toBe(
      'options.tokenUrl must be an absolute URL',
    );
    expect(
      configError(() =>
        openApiComponents(guard, { tokenUrl: new URL('https://t.example.com/token') as never }),
      ),
    ).toBe('options.tokenUrl must be an absolute URL');
    expect(configError(() => openApiComponents(guard, { authorizationUrl: 5 as never }))).toBe(
      'options.authorizationUrl must be an absolute URL',
    );
    expect(configError(() => openApiComponents(guard, { flows: [] }))).toBe(
      'options.flows must be a non-empty array of clientCredentials, authorizationCode',
    );
    expect(configError(() => openApiComponents(guard, { flows: ['implicit' as never] }))).toBe(
      'options.flows must contain only clientCredentials, authorizationCode, got "implicit"',
    );
    expect(configError(() => openApiComponents(guard, { scopeDescriptions: 'read' as never }))).toBe(
      'options.scopeDescriptions must be an object',
    );
  });
});
