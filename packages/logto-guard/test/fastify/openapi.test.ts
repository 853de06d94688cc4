import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createGuard, type Policy } from '../../src/core/index.js';
import { logtoGuard, logtoOpenApi, requireAuth } from '../../src/fastify/index.js';
import { API, contractRoutes } from '../contract/contract.js';
import { expectValidOpenApi, operationScopes } from '../support/openapi-validator.js';

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
interface Document {
  paths: Record<string, { get: Operation }>;
  components: { securitySchemes: Record<string, unknown> };
}

describe.each(['onRequest', 'preHandler'] as const)(
  'fastify logtoOpenApi with @fastify/swagger (requireAuth as %s)',
  (hook) => {
    it('documents the security of every requireAuth route, with a valid OpenAPI 3.1 document', async () => {
      const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
      const app = Fastify();
      await app.register(logtoGuard, { guard });
      await app.register(fastifySwagger, {
        openapi: { openapi: '3.1.0', info: { title: 'Contract API', version: '1.0.0' } },
        ...logtoOpenApi(guard, { scopeDescriptions: { 'read:products': 'Read the products' } }),
      });
      for (const route of contractRoutes) {
        app.get(
          route.path,
          { [hook]: requireAuth(guard, route.policy as Policy<unknown>) },
          async (request) => ({
            auth: request.auth,
          }),
        );
      }
      app.get('/health', async () => ({ ok: true }));
      await app.ready();
      const document = app.swagger() as unknown as Document;
      await app.close();

      await expectValidOpenApi(document);
      const paths = document.paths as Record<string, { get: Operation }> &
        Record<
          | '/api/products'
          | '/api/protected'
          | '/api/any'
          | '/api/optional'
          | '/health'
          | '/orgs/{organizationId}/members'
          | '/orgs/{organizationId}/projects',
          { get: Operation }
        >;
      expect(operationScopes(paths['/api/products'].get)).toEqual([['read:products']]);
      expect(operationScopes(paths['/api/protected'].get)).toEqual([['api:read', 'api:write']]);
      expect(operationScopes(paths['/api/any'].get)).toEqual([['api:read'], ['api:write']]);
      expect(paths['/api/optional'].get.security).toContainEqual({});
      expect(operationScopes(paths['/orgs/{organizationId}/members'].get)).toEqual([['read:members']]);
      expect(operationScopes(paths['/orgs/{organizationId}/projects'].get)).toEqual([['read:projects']]);
      expect(paths['/api/products'].get.security).toContainEqual({ bearerAuth: ['read:products'] });
      expect(Object.keys(paths['/api/products'].get.responses)).toEqual(
        expect.arrayContaining(['401', '403']),
      );
      expect(paths['/health'].get.security).toBeUndefined();
      expect(document.components.securitySchemes.logto).toEqual({
        type: 'oauth2',
        description: `Logto access token for ${API} (ask with resource=<API>)`,
        flows: {
          clientCredentials: {
            tokenUrl: 'https://tenant.logto.app/oidc/token',
            scopes: {
              'read:products': 'Read the products',
              'api:read': '',
              'api:write': '',
              'read:members': '',
              'read:projects': '',
            },
          },
        },
      });
      expect(document.components.securitySchemes.bearerAuth).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
    });
  },
);
