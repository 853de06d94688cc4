/**
 * Express: the OpenAPI `paths` of an app's routes protected with `requireAuth`, read from its router.
 *
 * @module
 */
import { policyOfHandlerValue } from '../core/adapter-kit.js';
import { type OpenApiRoute, openApiPaths } from '../core/index.js';

/** What is read of an Express 4 or 5 app's router (`app.router` in 5, `app._router` in 4). */
interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: unknown }[] };
}
interface ExpressApp {
  router?: { stack: RouterLayer[] };
  _router?: { stack: RouterLayer[] };
}

const methods = new Set<string>(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

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
    const policy = route.stack.map((entry) => policyOfHandlerValue(entry.handle)).find((found) => found);
    if (policy === undefined) continue;
    for (const [method, on] of Object.entries(route.methods)) {
      if (on && methods.has(method))
        routes.push({ method: method as OpenApiRoute['method'], path: route.path, policy });
    }
  }
  return openApiPaths(routes);
}
