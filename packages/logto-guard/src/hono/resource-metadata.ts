/**
 * Hono: serves the RFC 9728 protected-resource metadata of a guard.
 *
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import { checkGuard, createMetadataEndpoint } from '../core/adapter-kit.js';
import type { Guard, ResourceMetadataOptions } from '../core/index.js';

/**
 * Returns Hono middleware answering `GET /.well-known/oauth-protected-resource` (and the path-suffixed
 * location of RFC 9728 §3.1 when the resource indicator has a path) with the guard's metadata, readable
 * from any origin (CORS, preflight included). Other requests go on: `app.use(serveResourceMetadata(guard))`.
 *
 * Does NOT add `resource_metadata` to challenges: set the guard option `resourceMetadata` for that.
 *
 * @example
 * ```ts
 * app.use(serveResourceMetadata(guard, { resourceName: 'Shop API' }))
 * ```
 */
export function serveResourceMetadata(
  guard: Guard,
  options: ResourceMetadataOptions = {},
): MiddlewareHandler {
  const endpoint = createMetadataEndpoint(checkGuard(guard), options);
  return async function logtoGuardResourceMetadata(c, next) {
    const answer = endpoint.answer(c.req.method, c.req.path);
    if (answer === undefined) return next();
    if (answer.body === undefined) return c.body(null, 204, answer.headers);
    return c.json(answer.body, 200, answer.headers);
  };
}
