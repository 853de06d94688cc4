import express from 'express';
import { createGuard, globalApi } from 'logto-guard';
import { requireAuth, serveResourceMetadata } from 'logto-guard/express';

const guard = createGuard({
  endpoint: 'https://your-tenant.logto.app',
  audience: 'https://api.example.com',
  // Every 401 and 403 then says where the metadata is: WWW-Authenticate: Bearer ..., resource_metadata="..."
  resourceMetadata: 'https://api.example.com/.well-known/oauth-protected-resource',
});
const app = express();

// GET /.well-known/oauth-protected-resource (CORS allowed):
// {"resource":"https://api.example.com","authorization_servers":["https://your-tenant.logto.app/oidc"],
//  "scopes_supported":["read:products"],"bearer_methods_supported":["header"],"resource_name":"Shop API"}
app.use(serveResourceMetadata(guard, { resourceName: 'Shop API' }));

app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (req, res) => {
  res.json({ auth: req.auth });
});

app.listen(3000);
