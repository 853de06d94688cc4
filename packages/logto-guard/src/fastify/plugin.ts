/**
 * Fastify plugin: gives every request a stable `auth` property and the instance its guard.
 *
 * @module
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { checkGuard, checkKnownKeys, checkObject } from '../core/adapter-kit.js';
import type { AuthInfo, Guard } from '../core/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, set by logto-guard's `requireAuth`; null where no guard ran or none was sent. */
    auth: AuthInfo | null;
  }
  interface FastifyInstance {
    /** The guard given to the logto-guard plugin, for `requireAuth(app.logtoGuard, policy)` in any plugin. */
    logtoGuard: Guard;
  }
}

/** Options of the Fastify {@link logtoGuard} plugin. */
export interface FastifyGuardPluginOptions {
  /** The guard made with `createGuard()`. */
  guard: Guard;
}

// Fastify hands the plugin its own register options too.
const PLUGIN_OPTION_KEYS = ['guard', 'prefix', 'logLevel', 'logSerializers'];

async function logtoGuardPlugin(app: FastifyInstance, options: FastifyGuardPluginOptions) {
  checkObject('', options, 'logtoGuard plugin options');
  checkKnownKeys(options, PLUGIN_OPTION_KEYS);
  const guard = checkGuard(options.guard);
  app.decorate('logtoGuard', guard);
  // Declared up front with null so every request object keeps one shape (Fastify's advice for decorators).
  app.decorateRequest('auth', null);
}

/**
 * Fastify 5 plugin (not encapsulated, name `logto-guard`): decorates every request with `auth: null` and
 * the instance with `logtoGuard`, the given guard. Register it once, then protect routes with
 * `requireAuth`.
 *
 * Does NOT protect any route by itself: a request is only checked where a `requireAuth` hook runs.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { createGuard, globalApi } from 'logto-guard'
 * import { logtoGuard, requireAuth } from 'logto-guard/fastify'
 * const guard = createGuard({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })
 * const app = Fastify()
 * await app.register(logtoGuard, { guard })
 * app.get('/api/products', { onRequest: requireAuth(guard, globalApi({ scopes: ['read:products'] })) },
 *   async (request) => ({ auth: request.auth }))
 * ```
 */
export const logtoGuard: FastifyPluginAsync<FastifyGuardPluginOptions> = fastifyPlugin(logtoGuardPlugin, {
  fastify: '5.x',
  name: 'logto-guard',
});
