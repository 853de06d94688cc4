import express from 'express';
import { createGuard, globalApi } from 'logto-guard';
import { requireAuth } from 'logto-guard/express';

// One API serving two regional tenants; `auth.claims.iss` says whose user it is.
const guard = createGuard({
  issuer: ['https://eu-tenant.logto.app/oidc', 'https://us-tenant.logto.app/oidc'],
  audience: 'https://api.example.com',
});
const app = express();
app.get('/api/me', requireAuth(guard, globalApi()), (req, res) => {
  res.json({ tenant: req.auth?.claims.iss, sub: req.auth?.sub });
});
app.listen(3000);
