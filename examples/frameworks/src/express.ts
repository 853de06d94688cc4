import express from 'express';
import { createGuard, globalApi, organizationApi, organizationPermissions } from 'logto-guard';
import { requireAuth } from 'logto-guard/express';

const guard = createGuard({ endpoint: 'https://your-tenant.logto.app', audience: 'https://api.example.com' });
const app = express();

// Global API resource: aud = the resource indicator, no organization_id.
app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (req, res) => {
  res.json({ auth: req.auth });
});

// Organization permissions: aud = urn:logto:organization:<organizationId from the path>.
app.get(
  '/api/organizations/:organizationId/members',
  requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })),
  (req, res) => {
    res.json({ organizationId: req.params.organizationId, auth: req.auth });
  },
);

// Organization-level API resource: aud = the resource indicator and organization_id = the path's.
app.get(
  '/api/organizations/:organizationId/projects',
  requireAuth(guard, organizationApi({ scopes: ['read:projects'] })),
  (req, res) => {
    res.json({ auth: req.auth });
  },
);

// The same model with the organization in a header (Express types it string | string[]).
app.get(
  '/api/projects',
  requireAuth(
    guard,
    organizationApi({ scopes: ['read:projects'], organizationId: (req) => req.headers['x-organization-id'] }),
  ),
  (req, res) => {
    res.json({ auth: req.auth });
  },
);

app.listen(3000);
