import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { createGuard, globalApi } from 'logto-guard';
import { logtoGuard, logtoOpenApi, requireAuth } from 'logto-guard/fastify';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const app = Fastify();
await app.register(logtoGuard, { guard });
await app.register(fastifySwagger, {
  openapi: { openapi: '3.1.0', info: { title: 'Shop API', version: '1.0.0' } },
  ...logtoOpenApi(guard, { scopeDescriptions: { 'read:products': 'Read the catalogue' } }),
});

// No annotation: the route's requireAuth gives it security [{ logto: ['read:products'] }, ...] and 401/403.
app.get(
  '/api/products',
  { onRequest: requireAuth(guard, globalApi({ scopes: ['read:products'] })) },
  async (request) => ({ auth: request.auth }),
);

await app.ready();
console.log(JSON.stringify(app.swagger(), null, 2));
