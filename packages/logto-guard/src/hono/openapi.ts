/**
 * Hono: the OpenAPI `paths` of an app's routes protected with `requireAuth`, read from `app.routes`.
 *
 * @module
 */
import { openApiMethod, policyOfHandlers } from '../core/adapter-kit.js';
import { type OpenApiRoute, openApiPaths } from '../core/index.js';

/** What is read of a Hono 4 app: its route list, one entry per handler (`app.routes`). */
interface HonoApp {
  routes: readonly { method: string; path: string; handler: unknown }[];
}

/**
 * OpenAPI `paths` for every route of `app` declared with a `requireAuth` middleware (`app.get(path,
 * requireAuth(...), handler)`, also in apps mounted with `app.route()`): `:name` becomes `{name}`, and each
 * operation gets its policy's `security` with the route's scopes and the 401 and 403 responses. Merge them
 * into your document with `components: openApiComponents(guard)`.
 *
 * Does NOT describe routes without `requireAuth` (nor middleware added with `app.use`), bodies, or the
 * regular expressions of parameters (`:id{[0-9]+}`): add those yourself.
 *
 * @example
 * ```ts
 * app.get('/openapi.json', (c) =>
 *   c.json({ openapi: '3.1.0', info, paths: openApiPathsOf(app), components: openApiComponents(guard) }))
 * ```
 */
export function openApiPathsOf(app: HonoApp): Record<string, Record<string, unknown>> {
  const routes: OpenApiRoute[] = [];
  const seen = new Set<string>();
  for (const { method: name, path } of app.routes) {
    const method = openApiMethod(name);
    const key = `${name} ${path}`;
    if (method === undefined || seen.has(key)) continue;
    const handlers = app.routes.filter((route) => route.method === name && route.path === path);
    const policy = policyOfHandlers(handlers.map((route) => route.handler));
    if (policy === undefined) continue;
    seen.add(key);
    routes.push({ method, path, policy });
  }
  return openApiPaths(routes);
}
