/**
 * Express: serves the RFC 9728 protected-resource metadata of a guard.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { checkGuard, createMetadataEndpoint } from '../core/adapter-kit.js';
import type { Guard, ResourceMetadataOptions } from '../core/index.js';

/**
 * Returns Express middleware answering `GET /.well-known/oauth-protected-resource` (and the path-suffixed
 * location of RFC 9728 §3.1 when the resource indicator has a path) with the guard's metadata, readable
 * from any origin (CORS, preflight included). Other requests go on to the next handler. Mount it at the
 * application root: `app.use(serveResourceMetadata(guard))`.
 *
 * Does NOT add `resource_metadata` to challenges: set the guard option `resourceMetadata` for that.
 *
 * @example
 * ```ts
 * const guard = createGuard({ endpoint, audience: 'https://api.example.com',
 *   resourceMetadata: 'https://api.example.com/.well-known/oauth-protected-resource' })
 * app.use(serveResourceMetadata(guard, { resourceName: 'Shop API' }))
 * ```
 */
export function serveResourceMetadata(guard: Guard, options: ResourceMetadataOptions = {}): RequestHandler {
  const endpoint = createMetadataEndpoint(checkGuard(guard), options);
  return function logtoGuardResourceMetadata(req: Request, res: Response, next: NextFunction) {
    const answer = endpoint.answer(req.method, req.path);
    if (answer === undefined) return next();
    res.status(answer.status).set(answer.headers);
    if (answer.body === undefined) res.end();
    else res.json(answer.body);
  };
}
