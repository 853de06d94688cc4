/** Type-level tests of `logto-guard/fastify`, checked by `tsc` only; nothing here runs. */
import { expectTypeOf } from 'expect-type';
import Fastify, { type FastifyRequest, type preHandlerAsyncHookHandler } from 'fastify';
import { type AuthInfo, type Guard, globalApi, organizationApi, type Policy } from '../src/core/index.js';
import { logtoGuard, requireAuth } from '../src/fastify/index.js';

declare const guard: Guard;

export function pluginAndRoutes() {
  const app = Fastify();
  app.register(logtoGuard, { guard });
  expectTypeOf(app.logtoGuard).toEqualTypeOf<Guard>();

  app.get('/api/products', { preHandler: requireAuth(guard, globalApi()) }, async (request) => {
    expectTypeOf(request.auth).toEqualTypeOf<AuthInfo | null>();
  });
  // Works on routes with typed params and as a hook for every route.
  app.get<{ Params: { organizationId: string } }>(
    '/orgs/:organizationId',
    { preHandler: [requireAuth(app.logtoGuard, organizationApi({ scopes: ['read:projects'] }))] },
    async (request) => {
      expectTypeOf(request.params.organizationId).toBeString();
      expectTypeOf(request.auth).toEqualTypeOf<AuthInfo | null>();
    },
  );
  app.addHook('preHandler', requireAuth(guard, globalApi(), { passErrors: true }));
  expectTypeOf(requireAuth(guard, globalApi())).toEqualTypeOf<preHandlerAsyncHookHandler>();
}

export function policyFunctionsGetTheFastifyRequest() {
  expectTypeOf(requireAuth).parameter(1).toEqualTypeOf<Policy<FastifyRequest>>();
}

export function wrongArguments() {
  const app = Fastify();
  // @ts-expect-error the plugin needs a guard
  app.register(logtoGuard, {});
  // @ts-expect-error passErrors is a boolean
  requireAuth(guard, globalApi(), { passErrors: 'yes' });
  // @ts-expect-error unknown option
  requireAuth(guard, globalApi(), { passError: true });
  // @ts-expect-error a policy, not policy options
  requireAuth(guard, { scopes: ['read:products'] });
  // @ts-expect-error a policy written for another request type
  requireAuth(guard, globalApi<Request>({ checkClaims: (_claims, request) => request.url !== '' }));
}
