import Fastify from 'fastify';
import { createGuard, globalApi, organizationApi, organizationPermissions } from 'logto-guard';
import { logtoGuard, requireAuth } from 'logto-guard/fastify';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const app = Fastify();
await app.register(logtoGuard, { guard }); // decorates request.auth (null until a route is protected)

app.get(
  '/api/products',
  { onRequest: requireAuth(guard, globalApi({ scopes: ['read:products'] })) },
  (request) => ({
    auth: request.auth,
  }),
);

app.get(
  '/api/organizations/:organizationId/members',
  { onRequest: requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })) },
  (request) => ({ auth: request.auth }),
);

app.get(
  '/api/organizations/:organizationId/projects',
  { onRequest: requireAuth(guard, organizationApi({ scopes: ['read:projects'] })) },
  (request) => ({ auth: request.auth }),
);

await app.listen({ port: 3000 });
