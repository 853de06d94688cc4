import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createGuard, globalApi, organizationApi, organizationPermissions } from 'logto-guard';
import { type AuthEnv, requireAuth } from 'logto-guard/hono';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const app = new Hono<AuthEnv>();

app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (c) =>
  c.json({ auth: c.get('auth') }),
);

app.get(
  '/api/organizations/:organizationId/members',
  requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })),
  (c) => c.json({ auth: c.get('auth') }),
);

app.get(
  '/api/organizations/:organizationId/projects',
  requireAuth(guard, organizationApi({ scopes: ['read:projects'] })),
  (c) => c.json({ auth: c.get('auth') }),
);

serve({ fetch: app.fetch, port: 3000 }); // Workers, deno serve: export default app; Bun: Bun.serve({ fetch: app.fetch })
