/**
 * Koa: serves the RFC 9728 protected-resource metadata of a guard.
 *
 * @module
 */
import type { Middleware } from 'koa';
import { checkGuard, createMetadataEndpoint } from '../core/adapter-kit.js';
import type { Guard, ResourceMetadataOptions } from '../core/index.js';

/**
 * Returns Koa middleware answering `GET /.well-known/oauth-protected-resource` (and the path-suffixed
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
export function serveResourceMetadata(guard: Guard, options: ResourceMetadataOptions = {}): Middleware {
  const endpoint = createMetadataEndpoint(checkGuard(guard), options);
  return async function logtoGuardResourceMetadata(ctx, next) {
    const answer = endpoint.answer(ctx.method, ctx.path);
    if (answer === undefined) return next();
    ctx.status = answer.status;
    ctx.set(answer.headers);
    if (answer.body !== undefined) ctx.body = answer.body;
  };
}
