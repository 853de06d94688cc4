// Type-level tests of logto-guard/express, compiled by `tsc` (never executed).
import { expectTypeOf } from 'expect-type';
import express, { type RequestHandler } from 'express';
import { type AuthInfo, createGuard, globalApi, organizationApi } from '../src/core/index.js';
import { requireAuth } from '../src/express/index.js';

export function expressTypes() {
  const guard = createGuard({ endpoint: 'https://t.logto.app', audience: 'https://api.example.com' });
  const app = express();
  expectTypeOf(requireAuth(guard, globalApi())).toEqualTypeOf<RequestHandler>();
  app.get('/x', requireAuth(guard, globalApi({ scopes: ['read'] })), (req) => {
    expectTypeOf(req.auth).toEqualTypeOf<AuthInfo | undefined>();
  });
  // An organization source reading the Express request is accepted.
  requireAuth(guard, organizationApi({ organizationId: (req: express.Request) => req.get('x-org') }));
  // @ts-expect-error a policy is required
  requireAuth(guard);
  // @ts-expect-error passErrors is a boolean
  requireAuth(guard, globalApi(), { passErrors: 'yes' });
}
