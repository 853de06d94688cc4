/**
 * Fastify: serves the RFC 9728 protected-resource metadata of a guard.
 *
 * @module
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { checkGuard, createMetadataEndpoint } from '../core/adapter-kit.js';
import type { Guard, ResourceMetadataOptions } from '../core/index.js';

/**
 * Returns a Fastify plugin adding `GET` and `OPTIONS` routes at `/.well-known/oauth-protected-resource`
 * (and at the path-suffixed location of RFC 9728 §3.1 when the resource indicator has a path), answering
 * the guard's metadata, readable from any origin. Register it without a prefix.
 *
 * Does NOT add `resource_metadata` to challenges: set the guard option `resourceMetadata` for that.
 *
 * @example
 * ```ts
 * await app.register(serveResourceMetadata(guard, { resourceName: 'Shop API' }))
 * ```
 */
export function serveResourceMetadata(
  guard: Guard,
  options: ResourceMetadataOptions = {},
): FastifyPluginAsync {
  const endpoint = createMetadataEndpoint(checkGuard(guard), options);
  async function reply(request: FastifyRequest, reply: FastifyReply) {
    const answer = endpoint.answer(request.method, request.routeOptions.url ?? request.url);
    if (answer === undefined) return reply.callNotFound();
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  }
  return async function logtoGuardResourceMetadata(app: FastifyInstance) {
    for (const url of endpoint.paths) app.route({ method: ['GET', 'OPTIONS'], url, handler: reply });
  };
}
