/**
 * Fastify adapter: a `preHandler` hook per route policy, putting the caller on `request.auth`.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { type AdapterOptions, notePolicy, resolveAdapterOptions } from '../core/adapter-kit.js';
import { type Guard, type Policy } from '../core/index.js';
// For its `declare module 'fastify'`: `request.auth` is typed there.
import type {} from './plugin.js';

/** Options of the Fastify {@link requireAuth}: `passErrors` (default false). */
export type FastifyGuardOptions = AdapterOptions;

/**
 * Returns a Fastify 5 `preHandler` hook enforcing `policy` with `guard`: on success `request.auth` is the
 * caller (null on an optional route without a token) and the route runs; on failure it answers with the
 * core renderer's status, headers and JSON body (or throws the error with `passErrors`). Organization ids
 * named by the policy are read from `request.params`.
 *
 * Does NOT decide anything itself, and does NOT declare `request.auth`: register the `logtoGuard`
 * plugin for that, so requests keep one shape.
 *
 * @example
 * ```ts
 * app.get('/orgs/:organizationId/projects',
 *   { preHandler: requireAuth(guard, organizationApi({ scopes: ['read:projects'] })) },
 *   async (request) => ({ auth: request.auth }))
 * // or for every route of a plugin: app.addHook('preHandler', requireAuth(guard, globalApi()))
 * ```
 */
export function requireAuth(
  guard: Guard,
  policy: Policy<FastifyRequest>,
  options: FastifyGuardOptions = {},
): preHandlerAsyncHookHandler {
  const { passErrors } = resolveAdapterOptions(options);
  notePolicy(guard, policy); // for the scopes of the RFC 9728 metadata
  return async function logtoGuardFastify(request: FastifyRequest, reply: FastifyReply) {
    // Fastify always parses route params into a plain object (`{}` on routes without any).
    const params = request.params as Readonly<Record<string, unknown>>;
    const input = { authorization: request.headers.authorization, params, request };
    const outcome = await guard.check(input, policy);
    if (outcome.ok) {
      request.auth = outcome.auth ?? null;
      return;
    }
    if (passErrors) throw outcome.error;
    // Returning the reply tells Fastify the answer is sent and the route must not run.
    return reply.code(outcome.response.status).headers(outcome.response.headers).send(outcome.response.body);
  };
}
