// What openApiPathsOf lists of a Koa router, as the served document shows it: only the routes protected
// with requireAuth, and no HEAD operation beside the GET that @koa/router answers HEAD with.
import Router from '@koa/router';
import { expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { type LogtoGuardState, openApiPathsOf, requireAuth } from '../../src/koa/index.js';

it('lists only the requireAuth routes, without the automatic HEAD of a GET', () => {
  const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' });
  const router = new Router<LogtoGuardState>();
  router.get('/health', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read'] })), (ctx) => {
    ctx.body = [];
  });
  const paths = openApiPathsOf(router);
  expect(Object.keys(paths)).toEqual(['/api/products']);
  expect(Object.keys(paths['/api/products'] ?? {})).toEqual(['get']);
});
