/**
 * Fetch API: serves the RFC 9728 protected-resource metadata of a guard.
 *
 * @module
 */
import { checkGuard, createMetadataEndpoint } from '../core/adapter-kit.js';
import type { Guard, ResourceMetadataOptions } from '../core/index.js';

/**
 * Returns a function answering a `Request` for `/.well-known/oauth-protected-resource` (and the
 * path-suffixed location of RFC 9728 §3.1 when the resource indicator has a path) with the guard's
 * metadata, readable from any origin (CORS, preflight included); `undefined` for any other request, so
 * your router goes on. As a Next.js route handler: `export const GET = (r) => metadata(r) ?? notFound()`.
 *
 * Does NOT add `resource_metadata` to challenges: set the guard option `resourceMetadata` for that.
 *
 * @example
 * ```ts
 * const metadata = serveResourceMetadata(guard, { resourceName: 'Shop API' })
 * Bun.serve({ fetch: (request) => metadata(request) ?? app(request) })
 * ```
 */
export function serveResourceMetadata(
  guard: Guard,
  options: ResourceMetadataOptions = {},
): (request: Request) => Response | undefined {
  const endpoint = createMetadataEndpoint(checkGuard(guard), options);
  return function logtoGuardResourceMetadata(request) {
    const answer = endpoint.answer(request.method, new URL(request.url).pathname);
    if (answer === undefined) return undefined;
    if (answer.body === undefined)
      return new Response(null, { status: answer.status, headers: answer.headers });
    return Response.json(answer.body, { status: answer.status, headers: answer.headers });
  };
}
