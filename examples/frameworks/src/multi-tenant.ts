import { Hono } from 'hono';
import { createGuard, globalApi } from 'logto-guard';
import { requireAuth } from 'logto-guard/hono';

// One API serving two regional tenants; `auth.claims.iss` says whose user it is.
const guard = createGuard({
  issuer: ['https://eu-tenant.logto.app/oidc', 'https://us-tenant.logto.app/oidc'],
  audience: 'https://api.example.com',
});
export const app = new Hono();
app.get('/api/me', requireAuth(guard, globalApi()), (c) => {
  const auth = c.get('auth');
  return c.json({ tenant: auth?.claims.iss, sub: auth?.sub });
});
