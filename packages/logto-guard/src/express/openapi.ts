/**
 * Express: the OpenAPI `paths` of an app's routes protected with `requireAuth`, read from its router.
 *
 * @module
 */
import { openApiMethod, policyOfHandlers } from '../core/adapter-kit.js';
import { type OpenApiRoute, openApiPaths } from '../core/index.js';

/** What is read of an Express 4 or 5 app's router (`app.router` in 5, `app._router` in 4). */
interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: unknown }[] };
}
interface ExpressApp {
  router?: { stack: RouterLayer[] };
  _router?: { stack: RouterLayer[] };
}

/**
 * OpenAPI `paths` for every route of `app` declared with a `requireAuth` middleware (on the app itself,
 * not in mounted sub-routers): `:name` becomes `{name}`, and each operation gets its policy's `security`
 * with the route's scopes and the 401 and 403 responses. Merge them into your document with
 * `components: openApiComponents(guard)`.
 *
 * Does NOT describe routes without `requireAuth`, nor bodies: add those yourself.
 *
 * @example
 * ```ts
 * app.get('/openapi.json', (_req, res) => {
 *   res.json({ openapi: '3.1.0', info, paths: openApiPathsOf(app), components: openApiComponents(guard) })
 * })
 * ```
 */
export function openApiPathsOf(app: unknown): Record<string, Record<string, unknown>> {
  // Express 4's `app.router` is a getter that throws ("deprecated"): read its `_router` first.
  const express = app as ExpressApp;
  const router = express._router ?? express.router;
  const routes: OpenApiRoute[] = [];
  for (const layer of router?.stack ?? []) {
    const route = layer.route;
    if (route === undefined || typeof route.path !== 'string') continue;
    const policy = policyOfHandlers(route.stack.map((entry) => entry.handle));
    if (policy === undefined) continue;
    for (const [name, on] of Object.entries(route.methods)) {
      const method = openApiMethod(name);
      if (on && method !== undefined) routes.push({ method, path: route.path, policy });
    }
  }
  return openApiPaths(routes);
}
