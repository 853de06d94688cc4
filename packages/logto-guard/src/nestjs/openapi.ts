/**
 * NestJS with `@nestjs/swagger`: each `@RequireAuth`/`@RequireScopes` route's security and 401/403
 * responses, written where `SwaggerModule.createDocument` reads them, and the components they refer to.
 *
 * `@nestjs/swagger` is an optional peer: nothing here imports it. The routes get the metadata its own
 * `@ApiSecurity` and `@ApiResponse` decorators write (under their keys, `swagger/apiSecurity` and
 * `swagger/apiResponse`), so the adapter loads without it and the metadata is simply unread.
 *
 * @module
 */

import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { checkGuard, withOpenApiComponents } from '../core/adapter-kit.js';
import {
  type Guard,
  OPENAPI_SCHEMES,
  type OpenApiOptions,
  openApiComponents,
  openApiOperation,
} from '../core/index.js';
import { declaresPolicy, isPublicRoute, routePolicy } from './route-policy.js';

/** The metadata keys of `@nestjs/swagger`'s `@ApiSecurity` and `@ApiResponse` (its `DECORATORS`). */
export const SWAGGER_METADATA = {
  security: 'swagger/apiSecurity',
  responses: 'swagger/apiResponse',
} as const;

const reflector = new Reflector();
const scheduled = new WeakSet<Function>();

/** The status `@nestjs/swagger` documents for a route without `@ApiResponse`: `@HttpCode`, else 201/200. */
function successStatus(handler: Function): number {
  const code: unknown = Reflect.getMetadata(HTTP_CODE_METADATA, handler);
  if (typeof code === 'number') return code;
  return Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200;
}

function documentRoute(handler: Function, controller: Function): void {
  if (!declaresPolicy(reflector, handler, controller) || isPublicRoute(reflector, handler, controller))
    return;
  const { security, responses } = openApiOperation(routePolicy(reflector, handler, controller));
  const ownSecurity: unknown[] = Reflect.getMetadata(SWAGGER_METADATA.security, handler) ?? [];
  Reflect.defineMetadata(SWAGGER_METADATA.security, [...ownSecurity, ...security], handler);
  // With any `@ApiResponse`, @nestjs/swagger drops its default success response: keep it, and let the
  // route's own 401/403 descriptions win over ours.
  const own: Record<string, unknown> | undefined = Reflect.getMetadata(SWAGGER_METADATA.responses, handler);
  const documented = own ?? { [successStatus(handler)]: { description: '' } };
  Reflect.defineMetadata(SWAGGER_METADATA.responses, { ...documented, ...responses, ...own }, handler);
}

/**
 * Documents the routes of `controller` once its class is defined (decorators run bottom-up, and the
 * class's after its methods', so only then are the route, its `@HttpCode` and every declaration known):
 * a microtask later, long before `SwaggerModule.createDocument` can run. Internal to the Nest adapter.
 */
export function documentControllerLater(controller: Function): void {
  if (scheduled.has(controller)) return;
  scheduled.add(controller);
  queueMicrotask(() => {
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
      if (name === 'constructor' || typeof handler !== 'function') continue;
      if (Reflect.getMetadata(PATH_METADATA, handler) !== undefined) documentRoute(handler, controller);
    }
  });
}

/** The part of an OpenAPI document {@link withLogtoSecurity} reads and extends (`OpenAPIObject` fits). */
interface OpenApiDocument {
  paths?: object;
  components?: object;
}

/** Every scope the operations of `document` require on the `logto` scheme, in order of appearance. */
function documentScopes(document: OpenApiDocument): string[] {
  const scopes = new Set<string>();
  for (const operations of Object.values(document.paths ?? {}) as (object | undefined)[]) {
    for (const operation of Object.values(operations ?? {})) {
      const security = (operation as { security?: Record<string, string[]>[] } | undefined)?.security ?? [];
      for (const requirement of security)
        for (const scope of requirement[OPENAPI_SCHEMES.oauth2] ?? []) scopes.add(scope);
    }
  }
  return [...scopes];
}

/**
 * The document of `SwaggerModule.createDocument` with the components its `@RequireAuth` operations refer
 * to: the security schemes (`openApiComponents`: Logto's OAuth 2.0 flows listing the scopes of the
 * document's operations, and a bearer JWT), the error body schema and the 401/403 responses. The
 * document's own components are kept; `options` are those of `openApiComponents` (`flows`,
 * `scopeDescriptions`...), checked now.
 *
 * Does NOT document routes protected only by a global `APP_GUARD` without `@RequireAuth` or
 * `@RequireScopes` on the handler or its controller, nor routes inherited from a base controller class.
 *
 * @example
 * ```ts
 * const config = new DocumentBuilder().setTitle('Shop API').setVersion('1.0.0').build();
 * const document = withLogtoSecurity(SwaggerModule.createDocument(app, config), app.get(LOGTO_GUARD));
 * SwaggerModule.setup('docs', app, document);
 * ```
 */
export function withLogtoSecurity<D extends OpenApiDocument>(
  document: D,
  guard: Guard,
  options: OpenApiOptions = {},
): D {
  checkGuard(guard);
  const components = openApiComponents(guard, { scopes: documentScopes(document), ...options });
  return withOpenApiComponents(document, components);
}
