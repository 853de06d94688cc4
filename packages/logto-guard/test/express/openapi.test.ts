// openApiPathsOf: the OpenAPI `paths` of an Express 4 or 5 app's requireAuth routes, read from its
// router, in a document a real validator accepts, served by the app on 127.0.0.1.
import { listenOnFreePort } from '@logto-guard/test-support';
import express from 'express';
import express4 from 'express4';
import { describe, it } from 'vitest';
import { createGuard, openApiComponents } from '../../src/core/index.js';
import { openApiPathsOf, requireAuth } from '../../src/express/index.js';
import { API, contractRoutes } from '../contract/contract.js';
import { expectContractOpenApi } from '../support/openapi-validator.js';

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
      await expectContractOpenApi(document);
    });
  });
}
