// What openApiPathsOf lists of a Hono app, as the served document shows it: only the routes protected
// with requireAuth, each method once, whatever other routes and handlers the app has.
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { openApiPathsOf, requireAuth } from '../../src/hono/index.js';

it('lists only the requireAuth routes, each method once', () => {
  const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' });
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read'] })), (c) => c.json([]));
  app.post('/api/products', (c) => c.json({}, 201));
  const paths = openApiPathsOf(app);
  expect(Object.keys(paths)).toEqual(['/api/products']);
  expect(Object.keys(paths['/api/products'] ?? {})).toEqual(['get']);
});
