/**
 * Fetch adapter: wraps a `(request, ...args) => Response` handler so it runs only for allowed callers.
 *
 * @module
 */
import { fail } from '../core/adapter-kit.js';
import type { AuthInfo, Guard, Policy } from '../core/index.js';
import { type RouteParams, requireAuth } from './require-auth.js';

/** A request handler that receives the caller; `args` are what the runtime passes after the request. */
export type AuthHandler<Req extends Request, Args extends unknown[]> = (
  request: Req,
  auth: AuthInfo | undefined,
  ...args: Args
) => Response | Promise<Response>;

/** Options of {@link withAuth}. */
export interface FetchGuardOptions<Req extends Request, Args extends unknown[]> {
  /**
   * Route parameters of the request, from the request and the runtime's extra arguments. May return a
   * promise, as Next.js 15 gives `ctx.params`. Default: none (organization routes then need an
   * `organizationId` function in their policy).
   */
  params?: (request: Req, ...args: Args) => RouteParams | Promise<RouteParams>;
}

/**
 * Wraps `handler` so it runs only for requests `policy` lets through, with the caller as its second
 * argument; other requests get the failure `Response`. The wrapper takes what the runtime passes (the
 * request, then e.g. Next.js's `ctx`, Deno's `info` or Workers' `env, ctx`) and hands it on to `handler`.
 * `options` is checked now; a wrong one throws `LogtoGuardConfigError`.
 *
 * Does NOT catch what `handler` throws, and does NOT read route parameters unless given `params`.
 *
 * @example
 * ```ts
 * // app/orgs/[organizationId]/projects/route.ts (Next.js 15)
 * export const GET = withAuth(guard, organizationApi({ scopes: ['read:projects'] }),
 *   async (request, auth, ctx: { params: Promise<{ organizationId: string }> }) => Response.json({ auth }),
 *   { params: (request, ctx) => ctx.params })
 * ```
 */
export function withAuth<Req extends Request = Request, Args extends unknown[] = []>(
  guard: Guard,
  policy: Policy<Req>,
  handler: AuthHandler<Req, Args>,
  options: FetchGuardOptions<Req, Args> = {},
): (request: Req, ...args: Args) => Promise<Response> {
  const { params } = options;
  if (params !== undefined && typeof params !== 'function') {
    fail('params', 'must be a function (request, ...args) => route params');
  }
  const check = requireAuth(guard, policy);
  return async function logtoGuardFetchHandler(request, ...args) {
    const result = await check(request, await params?.(request, ...args));
    return result.ok ? handler(request, result.auth, ...args) : result.response;
  };
}
