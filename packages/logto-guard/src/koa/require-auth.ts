/**
 * Koa adapter: a middleware per route policy, putting the caller on `ctx.state.auth`.
 *
 * @module
 */
import type { DefaultContext, DefaultState, Middleware, ParameterizedContext } from 'koa';
import {
  type AdapterOptions,
  nodeAuthorization,
  notedHandler,
  notePolicy,
  passedError,
  resolveAdapterOptions,
} from '../core/adapter-kit.js';
import { type AuthInfo, type Guard, type Policy } from '../core/index.js';

/**
 * What {@link requireAuth} adds to `ctx.state`: give it to Koa or @koa/router as the state type
 * (`Koa.ParameterizedContext<LogtoGuardState>`, `router.get<LogtoGuardState>(...)`).
 */
export interface LogtoGuardState {
  /** The verified caller; undefined on an optional route called without a token. */
  auth: AuthInfo | undefined;
}

/** Options of the Koa {@link requireAuth}: `passErrors` (default false). */
export type KoaGuardOptions = AdapterOptions;

/**
 * Returns Koa middleware (Koa 2 and 3) enforcing `policy` with `guard`: on success `ctx.state.auth` is the
 * caller and the next middleware runs; on failure it answers with the core renderer's status, headers and
 * JSON body (or throws the `LogtoGuardError` with `passErrors`). The policy's functions (`organizationId`,
 * `checkClaims`) receive the Koa context. A response another middleware already sent (a request timeout
 * that fired while the guard waited for Logto) is left alone, and the route does not run for it.
 *
 * Does NOT decide anything itself, and reads route parameters only from `ctx.params` as set by a router
 * (@koa/router) on a matched route: with a plain `app.use()` an organization id must come from a function.
 *
 * @example
 * ```ts
 * import Router from '@koa/router'
 * import { createGuard, globalApi } from 'logto-guard'
 * import { type LogtoGuardState, requireAuth } from 'logto-guard/koa'
 * const guard = createGuard({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })
 * const router = new Router<LogtoGuardState>()
 * router.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (ctx) => {
 *   ctx.body = { auth: ctx.state.auth }
 * })
 * ```
 */
export function requireAuth<StateT = DefaultState, ContextT = DefaultContext>(
  guard: Guard,
  policy: Policy<ParameterizedContext<StateT, ContextT>>,
  options: KoaGuardOptions = {},
): Middleware<StateT & LogtoGuardState, ContextT> {
  const { passErrors } = resolveAdapterOptions(options);
  notePolicy(guard, policy); // for the scopes of the RFC 9728 metadata
  return notedHandler(async function logtoGuardKoa(ctx, next) {
    // `params` is not part of Koa's own context type: routers add it.
    const { params } = ctx as { params?: Record<string, string> };
    const input = { authorization: nodeAuthorization(ctx.req), params, request: ctx };
    const outcome = await guard.check(input, policy);
    // Another middleware (a request timeout, say) answered while the guard waited for Logto: leave that
    // answer alone, and do not run the route for it.
    if (ctx.headerSent) return;
    if (outcome.ok) {
      ctx.state.auth = outcome.auth;
      await next();
    } else if (passErrors) {
      throw passedError(outcome);
    } else {
      ctx.status = outcome.response.status;
      ctx.set(outcome.response.headers);
      ctx.body = outcome.response.body;
    }
  }, policy);
}
