import Router from '@koa/router';
import Koa from 'koa';
import { createGuard, globalApi, organizationApi, organizationPermissions } from 'logto-guard';
import { type LogtoGuardState, requireAuth } from 'logto-guard/koa';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const app = new Koa<LogtoGuardState>();
const router = new Router<LogtoGuardState>();

router.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (ctx) => {
  ctx.body = { auth: ctx.state.auth };
});

router.get(
  '/api/organizations/:organizationId/members',
  requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })),
  (ctx) => {
    ctx.body = { auth: ctx.state.auth };
  },
);

router.get(
  '/api/organizations/:organizationId/projects',
  requireAuth(guard, organizationApi({ scopes: ['read:projects'] })),
  (ctx) => {
    ctx.body = { auth: ctx.state.auth };
  },
);

app.use(router.routes());
app.listen(3000);
