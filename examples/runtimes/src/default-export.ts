// The README's Hono app in the shape Workers and `deno serve` take: the guard made at module scope,
// `export default app`. A Worker's global scope may not do I/O or set timers; createGuard does neither (it
// fetches on the first request).
import { Hono } from 'hono';
import { createGuard, globalApi } from 'logto-guard';
import { type AuthEnv, requireAuth } from 'logto-guard/hono';

/** Set when the test bundles this file: the endpoint of the issuer it started. */
declare const ISSUER_ENDPOINT: string;

const guard = createGuard({ endpoint: ISSUER_ENDPOINT, audience: 'https://api.example.com' });
const app = new Hono<AuthEnv>();

app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (c) =>
  c.json({ auth: c.get('auth') }),
);

export default app;
