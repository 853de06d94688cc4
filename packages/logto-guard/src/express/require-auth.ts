/**
 * Express adapter: a middleware per route policy, putting the caller on `req.auth`.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  type AdapterOptions,
  nodeAuthorization,
  notedHandler,
  notePolicy,
  passedError,
  resolveAdapterOptions,
} from '../core/adapter-kit.js';
import { type AuthInfo, type Guard, type Policy } from '../core/index.js';

declare global {
  namespace Express {
    interface Request {
      /** The verified caller, set by logto-guard's `requireAuth`; undefined on an optional route without a token. */
      auth?: AuthInfo | undefined;
    }
  }
}

/** Options of the Express {@link requireAuth}: `passErrors` (default false). */
export type ExpressGuardOptions = AdapterOptions;

/**
 * Returns Express middleware (Express 4 and 5) enforcing `policy` with `guard`: on success `req.auth` is
 * the caller and the next handler runs; on failure it answers with the core renderer's status, headers
 * and JSON body (or calls `next(err)` with `passErrors`). Whatever throws on the way (a policy function,
 * writing the answer) goes to `next(err)`; a response another middleware already sent is left alone.
 *
 * Does NOT decide anything itself, and reads route parameters only when mounted on a route
 * (`app.get('/orgs/:organizationId', ...)`), not with `app.use()`.
 *
 * @example
 * ```ts
 * import { createGuard, globalApi } from 'logto-guard'
 * import { requireAuth } from 'logto-guard/express'
 * const guard = createGuard({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })
 * app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (req, res) => {
 *   res.json({ auth: req.auth })
 * })
 * ```
 */
export function requireAuth(
  guard: Guard,
  policy: Policy<Request>,
  options: ExpressGuardOptions = {},
): RequestHandler {
  const { passErrors } = resolveAdapterOptions(options);
  notePolicy(guard, policy); // for the scopes of the RFC 9728 metadata
  return notedHandler(logtoGuardExpress, policy);
  function logtoGuardExpress(req: Request, res: Response, next: NextFunction) {
    const input = { authorization: nodeAuthorization(req), params: req.params, request: req };
    // Express does not look at a middleware's promise: anything thrown from here on must reach `next`,
    // or it is an unhandled rejection and Node ends the process.
    guard
      .check(input, policy)
      .then((outcome) => {
        // Another middleware (a request timeout, say) answered while the guard waited for Logto: leave
        // that answer alone, and do not run the route for it.
        if (res.headersSent) return;
        if (outcome.ok) {
          req.auth = outcome.auth;
          next();
        } else if (passErrors) {
          next(passedError(outcome));
        } else {
          res.status(outcome.response.status).set(outcome.response.headers).json(outcome.response.body);
        }
      })
      .catch(next);
  }
}
