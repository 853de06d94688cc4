/**
 * Hono adapter: a middleware per route policy, putting the caller on `c.get('auth')`.
 * Imports nothing from `node:*`, so it runs wherever Hono does (Workers, Deno, Bun, Node).
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  type AdapterOptions,
  notedHandler,
  notePolicy,
  passedError,
  resolveAdapterOptions,
} from '../core/adapter-kit.js';
import { type AuthInfo, type Guard, type Policy } from '../core/index.js';

/**
 * The variables {@link requireAuth} sets; merge it into your app's `Env` to type `c.get('auth')` in
 * middleware and handlers declared apart from the route.
 *
 * @example
 * ```ts
 * const app = new Hono<{ Bindings: Env } & AuthEnv>()
 * ```
 */
export interface AuthEnv {
  Variables: {
    /** The verified caller; undefined on an optional route without a token. */
    auth: AuthInfo | undefined;
  };
}

/** Options of the Hono {@link requireAuth}: `passErrors` (default false). */
export type HonoGuardOptions = AdapterOptions;

/**
 * Returns Hono 4 middleware enforcing `policy` with `guard`: on success `c.get('auth')` is the caller and
 * the next handler runs; on failure it answers with the core renderer's status, headers and JSON body (or
 * throws the error with `passErrors`). Organization ids named by the policy are read from
 * `c.req.param()`; policy functions (`organizationId`, `checkClaims`) receive the `Context`. A response
 * another middleware made while the guard waited for Logto (`hono/timeout`) is left alone, and the
 * route does not run for it.
 *
 * Does NOT decide anything itself, does NOT augment Hono's global `ContextVariableMap` (the type of
 * `auth` comes with the middleware, see {@link AuthEnv}), and reads route parameters only when mounted on
 * a route (`app.get('/orgs/:organizationId', ...)`), not with `app.use('*', ...)`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono'
 * import { createGuard, globalApi } from 'logto-guard'
 * import { requireAuth } from 'logto-guard/hono'
 * const guard = createGuard({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })
 * const app = new Hono()
 * app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (c) =>
 *   c.json({ auth: c.get('auth') ?? null }))
 * ```
 */
export function requireAuth(
  guard: Guard,
  policy: Policy<Context>,
  options: HonoGuardOptions = {},
): MiddlewareHandler<AuthEnv> {
  const { passErrors } = resolveAdapterOptions(options);
  notePolicy(guard, policy); // for the scopes of the RFC 9728 metadata
  return notedHandler(async function logtoGuardHono(c, next) {
    const input = { authorization: c.req.header('authorization'), params: c.req.param(), request: c };
    const answeredBefore = c.finalized;
    const outcome = await guard.check(input, policy);
    // Another middleware (`hono/timeout`, say) answered while the guard waited for Logto: leave that
    // answer alone, and do not run the route for it.
    if (c.finalized && !answeredBefore) return;
    if (outcome.ok) {
      c.set('auth', outcome.auth);
      await next();
      return;
    }
    if (passErrors) throw passedError(outcome);
    const { status, headers, body } = outcome.response;
    // The renderer only produces 401, 403 and 503, all of which carry a body.
    return c.json(body, status as ContentfulStatusCode, headers);
  }, policy);
}
