/**
 * Type tests of `logto-guard/koa`, checked by `tsc` only (nothing here runs).
 */
import Router from '@koa/router';
import { expectTypeOf } from 'expect-type';
import Koa from 'koa';
import { type AuthInfo, type Guard, globalApi, organizationApi } from '../src/core/index.js';
import { type KoaGuardOptions, type LogtoGuardState, openApiPathsOf, requireAuth } from '../src/koa/index.js';

declare const guard: Guard;

// The state type users give Koa and @koa/router.
expectTypeOf<LogtoGuardState['auth']>().toEqualTypeOf<AuthInfo | undefined>();
expectTypeOf<Koa.ParameterizedContext<LogtoGuardState>['state']['auth']>().toEqualTypeOf<
  AuthInfo | undefined
>();

// The middleware adds LogtoGuardState to the state it is used with.
const middleware = requireAuth(guard, globalApi());
expectTypeOf<Parameters<typeof middleware>[0]['state']['auth']>().toEqualTypeOf<AuthInfo | undefined>();
expectTypeOf(middleware).toExtend<Koa.Middleware<LogtoGuardState>>();

declare const router: Router<LogtoGuardState>;
router.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (ctx) => {
  expectTypeOf(ctx.state.auth).toEqualTypeOf<AuthInfo | undefined>();
  expectTypeOf(ctx.params).toEqualTypeOf<Record<string, string>>();
});

declare const app: Koa<LogtoGuardState>;
app.use(requireAuth(guard, globalApi()));
app.use((ctx) => {
  expectTypeOf(ctx.state.auth).toEqualTypeOf<AuthInfo | undefined>();
});

// Policy functions receive the Koa context.
requireAuth(guard, organizationApi<Koa.Context>({ organizationId: (ctx) => ctx.get('x-organization-id') }));

// @ts-expect-error the second argument is a policy, not its options
requireAuth(guard, { scopes: ['read:products'] });
// @ts-expect-error passErrors is a boolean
requireAuth(guard, globalApi(), { passErrors: 'yes' });
expectTypeOf<KoaGuardOptions>().toEqualTypeOf<{ passErrors?: boolean }>();

// openApiPathsOf reads a @koa/router router; a Koa app has no route list.
expectTypeOf(openApiPathsOf(new Router<LogtoGuardState>())).toEqualTypeOf<
  Record<string, Record<string, unknown>>
>();
// @ts-expect-error the router, not the Koa app
openApiPathsOf(new Koa());
