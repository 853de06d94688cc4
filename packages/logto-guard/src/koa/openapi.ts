/**
 * Koa: the OpenAPI `paths` of a `@koa/router` router's routes protected with `requireAuth`.
 *
 * @module
 */
import { openApiMethod, policyOfHandlers } from '../core/adapter-kit.js';
import { type OpenApiRoute, openApiPaths } from '../core/index.js';

/** What is read of a `@koa/router` router: its layers (`router.stack`). */
interface KoaRouter {
  stack: readonly { path: unknown; methods: readonly string[]; stack: readonly unknown[] }[];
}

/**
 * OpenAPI `paths` for every route of `router` (`@koa/router`; Koa apps have no route list) declared with
 * a `requireAuth` middleware: `:name` becomes `{name}`, and each operation gets its policy's `security`
 * with the route's scopes and the 401 and 403 responses. The `HEAD` the router adds to each `GET` is left
 * out. Merge them into your document with `components: openApiComponents(guard)`.
 *
 * Does NOT describe routes without `requireAuth` (nor middleware added with `router.use`), routes of
 * nested routers, paths given as regular expressions, or bodies: add those yourself.
 *
 * @example
 * ```ts
 * router.get('/openapi.json', (ctx) => {
 *   ctx.body = { openapi: '3.1.0', info, paths: openApiPathsOf(router), components: openApiComponents(guard) };
 * });
 * ```
 */
export function openApiPathsOf(router: KoaRouter): Record<string, Record<string, unknown>> {
  const routes: OpenApiRoute[] = [];
  for (const layer of router.stack) {
    const policy = policyOfHandlers(layer.stack);
    if (policy === undefined || typeof layer.path !== 'string') continue;
    const path = layer.path;
    const automaticHead = layer.methods.includes('GET');
    for (const name of layer.methods) {
      const method = openApiMethod(name);
      if (method !== undefined && !(method === 'head' && automaticHead))
        routes.push({ method, path, policy });
    }
  }
  return openApiPaths(routes);
}
