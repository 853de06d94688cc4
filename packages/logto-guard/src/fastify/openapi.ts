/**
 * Fastify: OpenAPI security for `@fastify/swagger`, from the `requireAuth` hooks of the routes.
 *
 * @module
 */
import type { FastifySchema } from 'fastify';
import { checkGuard, policyOfHandlers, withOpenApiComponents } from '../core/adapter-kit.js';
import {
  type Guard,
  type OpenApiOptions,
  openApiComponents,
  openApiOperation,
  type SecurityRequirement,
} from '../core/index.js';

/** What `@fastify/swagger` passes to `transform` (the part used here). */
interface TransformInput {
  schema?: FastifySchema | undefined;
  url: string;
  route: { method: string | string[]; onRequest?: unknown; preHandler?: unknown };
}

/** What `@fastify/swagger` passes to `transformObject` in dynamic mode (the part used here). */
interface TransformObjectInput {
  openapiObject?: object;
  /** Swagger 2.0 documents are returned unchanged. */
  swaggerObject?: object;
}

type Document = Record<string, unknown> & { components?: Record<string, Record<string, unknown>> };

/** The `transform` and `transformObject` options of `@fastify/swagger` given by {@link logtoOpenApi}. */
export interface LogtoOpenApiTransforms {
  transform(input: TransformInput): { schema: FastifySchema; url: string };
  transformObject(input: TransformObjectInput): object;
}

const errorBody = (description: string) => ({
  description,
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, code: { type: 'string' }, detail: { type: 'string' } },
});

/**
 * Options for `@fastify/swagger` (dynamic mode) that document logto-guard: every route whose own
 * `onRequest` or `preHandler` hook is a `requireAuth` hook gets its `security` (the policy's scopes) and its 401 and 403
 * responses, and the document gets the security schemes (Logto's client-credentials flow with the scopes
 * of every route, and a bearer JWT). No annotation on the routes.
 *
 * Does NOT see hooks added with `app.addHook(...)`: only the route's own `onRequest` and `preHandler`.
 *
 * @example
 * ```ts
 * await app.register(fastifySwagger, { openapi: { openapi: '3.1.0', info }, ...logtoOpenApi(guard) })
 * ```
 */
export function logtoOpenApi(guard: Guard, options: OpenApiOptions = {}): LogtoOpenApiTransforms {
  checkGuard(guard);
  openApiComponents(guard, options); // checks the options now
  // @fastify/swagger resolves a route's `security` against the schemes while it builds the operation,
  // before `transformObject` can add them: so `transform` records it and `transformObject` sets it.
  const securityOf = new Map<string, SecurityRequirement[]>();
  return {
    transform({ schema, url, route }) {
      const policy = policyOfHandlers([route.onRequest, route.preHandler].flat());
      if (policy === undefined) return { schema: schema ?? {}, url };
      const path = url.replace(/:(\w+)/g, '{$1}');
      for (const method of [route.method].flat()) {
        securityOf.set(`${method.toLowerCase()} ${path}`, openApiOperation(policy).security);
      }
      const response = {
        401: errorBody('Missing, malformed or invalid access token'),
        403: errorBody('Valid token without the scope, audience or organization this route needs'),
        ...(schema?.response as Record<string, unknown> | undefined),
      };
      return { schema: { ...schema, response } as FastifySchema, url };
    },
    transformObject({ openapiObject, swaggerObject }) {
      if (openapiObject === undefined) return swaggerObject ?? {};
      const document = openapiObject as Document;
      const paths = (document.paths ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
      for (const [path, operations] of Object.entries(paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const security = securityOf.get(`${method} ${path}`);
          if (security !== undefined) operation.security = security;
        }
      }
      return withOpenApiComponents(document, openApiComponents(guard, options));
    },
  };
}
