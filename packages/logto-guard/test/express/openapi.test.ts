// openApiPathsOf: the OpenAPI `paths` of an Express 4 or 5 app's requireAuth routes, read from its
// router, in a document a real validator accepts, served by the app on 127.0.0.1.
import { listenOnFreePort } from '@logto-guard/test-support';
import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { createGuard, openApiComponents } from '../../src/core/index.js';
import { openApiPathsOf, requireAuth } from '../../src/express/index.js';
import { API, contractRoutes } from '../contract/contract.js';
import { expectValidOpenApi, operationScopes } from '../support/openapi-validator.js';

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  responses: Record<string, unknown>;
}

for (const [name, createApp] of [
  ['express 5', express],
  ['express 4', express4 as unknown as typeof express],
] as const) {
  describe(`openApiPathsOf (${name})`, () => {
    it('documents every requireAuth route with its scopes and 401/403, and no other route', async () => {
      const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
      const app = createApp();
      for (const route of contractRoutes) {
        app.get(route.path, requireAuth(guard, route.policy), (req, res) => {
          res.json({ auth: req.auth ?? null });
        });
      }
      app.post('/api/products', requireAuth(guard, contractRoutes[0]!.policy), (_req, res) => {
        res.status(201).json({});
      });
      app.get('/health', (_req, res) => {
        res.json({ ok: true });
      });
      app.get('/openapi.json', (_req, res) => {
        res.json({
          openapi: '3.1.0',
          info: { title: 'Contract API', version: '1.0.0' },
          paths: openApiPathsOf(app),
          components: openApiComponents(guard, { flows: ['clientCredentials', 'authorizationCode'] }),
        });
      });
      const server = await listenOnFreePort(app);
      const document = await (await fetch(`${server.url}/openapi.json`)).json();
      await server.close();

      await expectValidOpenApi(document);
      const paths = document.paths as Record<string, Record<string, Operation>>;
      expect(operationScopes(paths['/api/products']?.get)).toEqual([['read:products']]);
      expect(operationScopes(paths['/api/products']?.post)).toEqual([['read:products']]);
      expect(operationScopes(paths['/api/protected']?.get)).toEqual([['api:read', 'api:write']]);
      expect(operationScopes(paths['/api/any']?.get)).toEqual([['api:read'], ['api:write']]);
      expect(paths['/api/optional']?.get?.security).toContainEqual({});
      expect(operationScopes(paths['/orgs/{organizationId}/members']?.get)).toEqual([['read:members']]);
      expect(operationScopes(paths['/orgs/{organizationId}/projects']?.get)).toEqual([['read:projects']]);
      expect(paths['/orgs/{organizationId}/projects']?.get?.parameters).toEqual([
        { name: 'organizationId', in: 'path', required: true, schema: { type: 'string' } },
      ]);
      expect(paths['/api/products']?.get?.responses).toEqual({
        '200': { description: 'OK' },
        '401': { $ref: '#/components/responses/LogtoGuardUnauthorized' },
        '403': { $ref: '#/components/responses/LogtoGuardForbidden' },
      });
      expect(paths['/health']).toBeUndefined();
      expect(paths['/openapi.json']).toBeUndefined();
    });
  });
}
