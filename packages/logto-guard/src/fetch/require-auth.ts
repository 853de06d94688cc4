/**
 * Fetch adapter: for any runtime whose handlers take a `Request` and return a `Response` (Next.js route
 * handlers, Bun.serve, Deno.serve, Cloudflare Workers). Imports nothing from `node:*`.
 *
 * @module
 */
import { notePolicy } from '../core/adapter-kit.js';
import type { AuthInfo, Guard, LogtoGuardFailure, Policy } from '../core/index.js';

/** Route parameters of a request, for organization ids taken from the path. */
export type RouteParams = Readonly<Record<string, unknown>> | undefined;

/** The result of a check: the caller (undefined on an optional route without a token), or the answer to send. */
export type FetchAuthResult =
  | { ok: true; auth: AuthInfo | undefined; error?: undefined; response?: undefined }
  | { ok: false; auth?: undefined; error: LogtoGuardFailure; response: Response };

/**
 * Returns a checker enforcing `policy` with `guard` on one `Request`: it resolves to `{ ok: true, auth }`,
 * or `{ ok: false, error, response }` where `response` is the core renderer's answer (status, headers,
 * JSON body) ready to return. Give `params` where the policy reads the organization id from the route.
 *
 * Does NOT route, does NOT read the body, and does NOT decide anything itself; it never rejects for a
 * bad request (only when a policy function throws).
 *
 * @example
 * ```ts
 * import { createGuard, globalApi } from 'logto-guard'
 * import { requireAuth } from 'logto-guard/fetch'
 * const guard = createGuard({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })
 * const readProducts = requireAuth(guard, globalApi({ scopes: ['read:products'] }))
 * Bun.serve({ async fetch(request) {
 *   const result = await readProducts(request)
 *   return result.ok ? Response.json({ auth: result.auth ?? null }) : result.response
 * } })
 * ```
 */
export function requireAuth<Req extends Request = Request>(
  guard: Guard,
  policy: Policy<Req>,
): (request: Req, params?: RouteParams) => Promise<FetchAuthResult> {
  notePolicy(guard, policy); // for the scopes of the RFC 9728 metadata
  return async function logtoGuardFetch(request, params) {
    const input = { authorization: request.headers.get('authorization'), params, request };
    const outcome = await guard.check(input, policy);
    if (outcome.ok) return { ok: true, auth: outcome.auth };
    const { status, headers, body } = outcome.response;
    return { ok: false, error: outcome.error, response: Response.json(body, { status, headers }) };
  };
}
