/**
 * Fastify adapter: an `onRequest` hook per route policy, putting the caller on `request.auth`.
 *
 * @module
 */
import type {
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from 'fastify';
import {
  type AdapterOptions,
  nodeAuthorization,
  notedHandler,
  notePolicy,
  passedError,
  resolveAdapterOptions,
} from '../core/adapter-kit.js';
import { type Guard, type Policy } from '../core/index.js';
// For its `declare module 'fastify'`: `request.auth` is typed there.
import type {} from './plugin.js';

/** Options of the Fastify {@link requireAuth}: `passErrors` (default false). */
export type FastifyGuardOptions = AdapterOptions;

/** What {@link requireAuth} returns: a hook for `onRequest` (advised) or `preHandler`. */
export type FastifyGuardHook = onRequestAsyncHookHandler & preHandlerAsyncHookHandler;

/**
 * Returns a Fastify 5 hook enforcing `policy` with `guard`: on success `request.auth` is the
 * caller (null on an optional route without a token) and the route runs; on failure it answers with the
 * core renderer's status, headers and JSON body (or throws the error with `passErrors`). Organization ids
 * named by the policy are read from `request.params`. Use it as `onRequest` (advised: nothing of an
 * anonymous body is read, parsed or validated before its 401) or as `preHandler`. A reply another hook
 * already sent is left alone.
 *
 * Does NOT decide anything itself, and does NOT declare `request.auth`: register the `logtoGuard`
 * plugin for that, so requests keep one shape.
 *
 * @example
 * ```ts
 * app.get('/orgs/:organizationId/projects',
 *   { onRequest: requireAuth(guard, organizationApi({ scopes: ['read:projects'] })) },
 *   async (request) => ({ auth: request.auth }))
 * // or for every route of a plugin: app.addHook('onRequest', requireAuth(guard, globalApi()))
 * ```
 */
export function requireAuth(
  guard: Guard,
  policy: Policy<FastifyRequest>,
  options: FastifyGuardOptions = {},
): FastifyGuardHook {
  const { passErrors } = resolveAdapterOptions(options);
  notePolicy(guard, policy); // for the scopes of the RFC 9728 metadata
  return notedHandler(logtoGuardFastify, policy);
  async function logtoGuardFastify(request: FastifyRequest, reply: FastifyReply) {
    // Fastify always parses route params into a plain object (`{}` on routes without any).
    const params = request.params as Readonly<Record<string, unknown>>;
    const input = { authorization: nodeAuthorization(request.raw), params, request };
    const outcome = await guard.check(input, policy);
    // Another hook (a request timeout, say) answered while the guard waited for Logto: leave it alone.
    if (reply.sent) return reply;
    if (outcome.ok) {
      request.auth = outcome.auth ?? null;
      return;
    }
    if (passErrors) {
      // Fastify's default error handler keeps the status and headers set here, not the error's own.
      reply.code(outcome.response.status).headers(outcome.response.headers);
      throw passedError(outcome);
    }
    // Returning the reply tells Fastify the answer is sent and the route must not run.
    return reply.code(outcome.response.status).headers(outcome.response.headers).send(outcome.response.body);
  }
}
