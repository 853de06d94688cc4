// What openApiPathsOf lists of an Express app, as the served document shows it: the requireAuth routes
// with a method OpenAPI has, past the app's middleware; WebDAV's SEARCH has no OpenAPI operation.
import express from 'express';
import { expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { openApiPathsOf, requireAuth } from '../../src/express/index.js';

it('lists the requireAuth routes past middleware, and no operation for a method OpenAPI lacks', () => {
  const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' });
  const app = express();
  app.use(express.json());
  app.search('/api/any', requireAuth(guard, globalApi()), (_req, res) => {
    res.json({});
  });
  app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read'] })), (_req, res) => {
    res.json([]);
  });
  const paths = openApiPathsOf(app);
  expect(Object.keys(paths)).toEqual(['/api/products']);
  expect(Object.keys(paths['/api/products'] ?? {})).toEqual(['get']);
});
