/** Type-level tests of `logto-guard/hono`, checked by `tsc` only; nothing here runs. */
import { expectTypeOf } from 'expect-type';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { type AuthInfo, type Guard, globalApi, organizationApi, type Policy } from '../src/core/index.js';
import { type AuthEnv, openApiPathsOf, requireAuth } from '../src/hono/index.js';

declare const guard: Guard;

export function authOnTheContext() {
  expectTypeOf(requireAuth(guard, globalApi())).toEqualTypeOf<MiddlewareHandler<AuthEnv>>();
  // The middleware brings the type of `auth` to the route's handler.
  new Hono().get('/api/products', requireAuth(guard, globalApi()), (c) => {
    expectTypeOf(c.get('auth')).toEqualTypeOf<AuthInfo | undefined>();
    return c.json({ auth: c.get('auth') ?? null });
  });
  // `AuthEnv` merges with the app's own bindings for handlers declared apart.
  const app = new Hono<{ Bindings: { REGION: string } } & AuthEnv>();
  app.use('/api/*', requireAuth(guard, globalApi()));
  app.get('/api/me', (c) => {
    expectTypeOf(c.get('auth')).toEqualTypeOf<AuthInfo | undefined>();
    expectTypeOf(c.env.REGION).toBeString();
    return c.text('');
  });
}

export function noGlobalAugmentation() {
  new Hono<{ Variables: { user: string } }>().get('/', (c) => {
    // @ts-expect-error without the middleware or AuthEnv, `auth` is not a variable of the app
    c.get('auth');
    return c.text('');
  });
}

export function policyFunctionsGetTheContext() {
  expectTypeOf(requireAuth).parameter(1).toEqualTypeOf<Policy<Context>>();
  // Inferred where the policy is written inline.
  requireAuth(guard, organizationApi({ organizationId: (c) => c.req.header('x-organization-id') }));
}

export function wrongArguments() {
  // @ts-expect-error passErrors is a boolean
  requireAuth(guard, globalApi(), { passErrors: 1 });
  // @ts-expect-error a policy, not policy options
  requireAuth(guard, { optional: true });
  // @ts-expect-error a policy written for another request type
  requireAuth(guard, globalApi<Request>({ checkClaims: (_claims, request) => request.url !== '' }));
}

// openApiPathsOf takes any Hono app, whatever its Env.
expectTypeOf(openApiPathsOf(new Hono<{ Bindings: { REGION: string } } & AuthEnv>())).toEqualTypeOf<
  Record<string, Record<string, unknown>>
>();
// @ts-expect-error a Hono app, not its fetch handler
openApiPathsOf(new Hono().fetch);
