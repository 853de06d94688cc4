import { describe, expect, it } from 'vitest';
import {
  createGuard,
  globalApi,
  LogtoGuardConfigError,
  openApiComponents,
  openApiOperation,
  openApiPaths,
  organizationApi,
  organizationPermissions,
} from '../../src/core/index.js';
import { notePolicy } from '../../src/core/route-registry.js';
import { expectValidOpenApi, operationScopes } from '../support/openapi-validator.js';

const base = { endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' };

describe('OpenAPI fragments for hand-written documents (Express, Hono, Koa)', () => {
  it('builds paths and components that a real validator accepts, with the scopes of each operation', async () => {
    const guard = createGuard(base);
    const products = globalApi({ scopes: ['read:products'] });
    const members = organizationPermissions({ scopes: ['read:members'] });
    const projects = organizationApi({ scopes: ['read:projects', 'write:projects'], match: 'any' });
    for (const policy of [products, members, projects]) notePolicy(guard, policy);
    const document = {
      openapi: '3.1.0',
      info: { title: 'Shop', version: '1.0.0' },
      paths: openApiPaths([
        { method: 'get', path: '/api/products', policy: products, summary: 'List products' },
        { method: 'get', path: '/api/organizations/:organizationId/members', policy: members },
        { method: 'post', path: '/api/organizations/:organizationId/projects', policy: projects },
      ]),
      components: openApiComponents(guard),
    };
    await expectValidOpenApi(document);
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(operationScopes(paths['/api/products']?.get)).toEqual([['read:products']]);
    expect(operationScopes(paths['/api/organizations/{organizationId}/members']?.get)).toEqual([
      ['read:members'],
    ]);
    expect(operationScopes(paths['/api/organizations/{organizationId}/projects']?.post)).toEqual([
      ['read:projects'],
      ['write:projects'],
    ]);
    expect(paths['/api/organizations/{organizationId}/members']?.get?.parameters).toEqual([
      { name: 'organizationId', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(Object.keys(document.components.securitySchemes.logto?.flows as object)).toEqual([
      'clientCredentials',
    ]);
  });

  it('allows anonymous calls on optional routes', () => {
    expect(openApiOperation(globalApi({ optional: true })).security).toEqual([
      { logto: [] },
      { bearerAuth: [] },
      {},
    ]);
  });

  it('rejects a token URL that is not a URL, naming it', () => {
    const guard = createGuard(base);
    expect(() => openApiComponents(guard, { tokenUrl: 'token' })).toThrow(LogtoGuardConfigError);
    expect(() => openApiComponents(guard, { tokenUrl: 'token' })).toThrow('options.tokenUrl');
  });

  it('describes the authorization-code flow beside client credentials when asked, valid for a real validator', async () => {
    const guard = createGuard(base);
    notePolicy(guard, globalApi({ scopes: ['read:products'] }));
    const components = openApiComponents(guard, {
      flows: ['clientCredentials', 'authorizationCode'],
      scopeDescriptions: { 'read:products': 'Read the catalogue' },
    });
    expect(components.securitySchemes.logto?.flows).toEqual({
      clientCredentials: {
        tokenUrl: 'https://tenant.logto.app/oidc/token',
        scopes: { 'read:products': 'Read the catalogue' },
      },
      authorizationCode: {
        authorizationUrl: 'https://tenant.logto.app/oidc/auth',
        tokenUrl: 'https://tenant.logto.app/oidc/token',
        scopes: { 'read:products': 'Read the catalogue' },
      },
    });
    await expectValidOpenApi({
      openapi: '3.1.0',
      info: { title: 'Shop', version: '1.0.0' },
      paths: openApiPaths([
        { method: 'get', path: '/api/products', policy: globalApi({ scopes: ['read:products'] }) },
      ]),
      components,
    });
  });

  it("lists the scopes given instead of the routes' ones, and only the flows asked for", () => {
    const guard = createGuard(base);
    notePolicy(guard, globalApi({ scopes: ['read:products'] }));
    const components = openApiComponents(guard, {
      flows: ['authorizationCode'],
      authorizationUrl: 'https://auth.example.com/oidc/auth',
      scopes: ['read:orders'],
    });
    expect(components.securitySchemes.logto?.flows).toEqual({
      authorizationCode: {
        authorizationUrl: 'https://auth.example.com/oidc/auth',
        tokenUrl: 'https://tenant.logto.app/oidc/token',
        scopes: { 'read:orders': '' },
      },
    });
  });

  it('rejects unknown options, unknown flows and a wrong authorization URL, naming the option', () => {
    const guard = createGuard(base);
    const refusal = (options: unknown) => {
      try {
        openApiComponents(guard, options as never);
      } catch (error) {
        expect(error).toBeInstanceOf(LogtoGuardConfigError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ flow: ['authorizationCode'] })).toContain('did you mean `flows`?');
    expect(refusal({ flows: ['implicit'] })).toContain('options.flows');
    expect(refusal({ flows: [] })).toContain('options.flows');
    expect(refusal({ authorizationUrl: '/auth' })).toContain('options.authorizationUrl');
    expect(refusal({ scopes: ['read products'] })).toContain('options.scopes');
  });
});
