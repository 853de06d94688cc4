// openApiPathsOf: the OpenAPI `paths` of a Hono app's requireAuth routes, read from `app.routes` (also of
// an app mounted with `app.route()`), in a document a real validator accepts, served on 127.0.0.1.
import { serveFetch } from '@logto-guard/test-support';
import { Hono } from 'hono';
import { it } from 'vitest';
import { createGuard, openApiComponents } from '../../src/core/index.js';
import { openApiPathsOf, requireAuth } from '../../src/hono/index.js';
import { API, contractRoutes } from '../contract/contract.js';
import { expectContractOpenApi } from '../support/openapi-validator.js';

it('documents every requireAuth route with its scopes and 401/403, and no other route', async () => {
  const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: API });
  const app = new Hono();
  const organizations = new Hono();
  for (const route of contractRoutes) {
    // The organization routes come from a sub-app mounted under /orgs.
    const [target, path] = route.path.startsWith('/orgs/')
      ? [organizations, route.path.slice('/orgs'.length)]
      : [app, route.path];
    target.get(path, requireAuth(guard, route.policy), (c) => c.json({ auth: c.get('auth') ?? null }));
  }
  app.route('/orgs', organizations);
  app.post('/api/products', requireAuth(guard, contractRoutes[0]!.policy), (c) => c.json({}, 201));
  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/openapi.json', (c) =>
    c.json({
      openapi: '3.1.0',
      info: { title: 'Contract API', version: '1.0.0' },
      paths: openApiPathsOf(app),
      components: openApiComponents(guard),
    }),
  );
  const server = await serveFetch(app.fetch);
  const document = await (await fetch(`${server.url}/openapi.json`)).json();
  await server.close();
  await expectContractOpenApi(document);
});
