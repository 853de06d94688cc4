import express from 'express';
import { createGuard, globalApi, openApiComponents } from 'logto-guard';
import { openApiPathsOf, requireAuth } from 'logto-guard/express';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const app = express();

app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (req, res) => {
  res.json({ auth: req.auth });
});

// Read when asked, so every route declared by then is in it.
app.get('/openapi.json', (_req, res) => {
  res.json({
    openapi: '3.1.0',
    info: { title: 'Shop API', version: '1.0.0' },
    paths: openApiPathsOf(app), // {"/api/products":{"get":{"security":[{"logto":["read:products"]},...],...}}}
    components: openApiComponents(guard), // securitySchemes (Logto client credentials, bearer JWT), 401/403
  });
});

app.listen(3000);
