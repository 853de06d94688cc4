/**
 * The NestJS guard: applies the route's policy and answers failures with the core renderer's response.
 *
 * @module
 */
import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { type NodeRequestHeaders, nodeAuthorization } from '../core/adapter-kit.js';
import type { AuthInfo, Guard } from '../core/index.js';
import { LOGTO_GUARD } from './module.js';
import { isPublicRoute, routePolicy } from './route-policy.js';

/** What the guard needs of a platform request: an Express request, or a Fastify one with its `raw`. */
interface HttpRequest {
  headers: { authorization?: string | undefined };
  /** Express's request is Node's, with its raw headers. */
  rawHeaders?: readonly string[];
  /** Fastify's request: its Node request. */
  raw?: NodeRequestHeaders;
  params?: Record<string, string>;
  auth?: AuthInfo | undefined;
}

/**
 * Enforces the route's policy (`@RequireAuth` and `@RequireScopes`, the handler's over the controller's;
 * `globalApi()` when none) and puts the caller on `request.auth` (see `@Auth()`). On a failure it sets
 * the rendered headers on the response and throws an `HttpException` with the rendered status and JSON
 * body, whose `cause` is the `LogtoGuardError` (for your exception filters and logs); a response
 * middleware already sent while the guard waited for Logto is left alone, and the handler does not run
 * for it. Reads every `Authorization` header, so two are refused (401 `invalid_request`). Works with
 * `@UseGuards(LogtoAuthGuard)` and as a global `APP_GUARD`; skips `@Public()` handlers and controllers,
 * except the handlers of a `@Public()` controller that declare `@RequireAuth` or `@RequireScopes`
 * themselves (the more specific declaration wins).
 *
 * Does NOT protect WebSocket, microservice or GraphQL handlers: it throws for them unless they are
 * `@Public()`. Needs `LogtoGuardModule` imported once.
 *
 * @example
 * ```ts
 * @Controller('api') @UseGuards(LogtoAuthGuard)
 * class ProductsController { @Get('products') @RequireAuth(globalApi({ scopes: ['read:products'] })) list() {} }
 * ```
 */
@Injectable()
export class LogtoAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(LOGTO_GUARD) private readonly guard: Guard,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    const controller = context.getClass();
    if (isPublicRoute(this.reflector, handler, controller)) return true;
    if (context.getType() !== 'http') {
      throw new TypeError('LogtoAuthGuard protects HTTP handlers only; mark this handler @Public()');
    }
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const node = request.raw ?? (request as NodeRequestHeaders);
    const input = { authorization: nodeAuthorization(node), params: request.params, request };
    const outcome = await this.guard.check(
      input,
      routePolicy<HttpRequest>(this.reflector, handler, controller),
    );
    const response = http.getResponse<unknown>();
    // Middleware in front (a request timeout, say) answered while the guard waited for Logto: leave that
    // answer alone, and do not run the handler for it (Nest's exception handling ends a sent response).
    if (this.adapterHost.httpAdapter.isHeadersSent(response) === true) return false;
    if (outcome.ok) {
      request.auth = outcome.auth;
      return true;
    }
    for (const [name, value] of Object.entries(outcome.response.headers)) {
      this.adapterHost.httpAdapter.setHeader(response, name, value);
    }
    throw new HttpException(outcome.response.body, outcome.response.status, { cause: outcome.error });
  }
}
