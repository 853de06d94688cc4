/**
 * The NestJS guard: applies the route's policy and answers failures with the core renderer's response.
 *
 * @module
 */
import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { type AuthInfo, type Guard, globalApi, type Policy, withScopes } from '../core/index.js';
import { POLICY, PUBLIC, SCOPES } from './decorators.js';
import { LOGTO_GUARD } from './module.js';

/** What the guard needs of a platform request (Express and Fastify requests both have it). */
interface HttpRequest {
  headers: { authorization?: string | string[] | undefined };
  params?: Record<string, string>;
  auth?: AuthInfo | undefined;
}

const anyValidToken = globalApi();

/**
 * Enforces the route's policy (`@RequireAuth` and `@RequireScopes`, the handler's over the controller's;
 * `globalApi()` when none) and puts the caller on `request.auth` (see `@Auth()`). On a failure it sets
 * the rendered headers on the response and throws an `HttpException` with the rendered status and JSON
 * body, whose `cause` is the `LogtoGuardError` (for your exception filters and logs). Works with
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
    if (this.isPublic(handler, controller)) return true;
    if (context.getType() !== 'http') {
      throw new TypeError('LogtoAuthGuard protects HTTP handlers only; mark this handler @Public()');
    }
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const input = { authorization: request.headers.authorization, params: request.params, request };
    const outcome = await this.guard.check(input, this.policyOf(handler, controller));
    if (outcome.ok) {
      request.auth = outcome.auth;
      return true;
    }
    const response = http.getResponse<unknown>();
    for (const [name, value] of Object.entries(outcome.response.headers)) {
      this.adapterHost.httpAdapter.setHeader(response, name, value);
    }
    throw new HttpException(outcome.response.body, outcome.response.status, { cause: outcome.error });
  }

  /**
   * The most specific declaration wins, as in JSR-250 and Spring: a handler's `@RequireAuth` or
   * `@RequireScopes` protects it under a `@Public()` controller, and a handler's `@Public()` opens it
   * under a protected one. (Both on one handler or one class is refused when the class is defined.)
   */
  private isPublic(handler: Function, controller: Function): boolean {
    const declared = (target: Function) =>
      this.reflector.get<Policy<HttpRequest> | undefined>(POLICY, target) !== undefined ||
      this.reflector.get<readonly string[] | undefined>(SCOPES, target) !== undefined;
    if (this.reflector.get<boolean | undefined>(PUBLIC, handler) === true) return true;
    if (declared(handler)) return false;
    return this.reflector.get<boolean | undefined>(PUBLIC, controller) === true;
  }

  /** The nearest policy; `@RequireScopes` replaces its scopes when declared at its level or nearer. */
  private policyOf(handler: Function, controller: Function): Policy<HttpRequest> {
    const own = this.reflector.get<Policy<HttpRequest> | undefined>(POLICY, handler);
    const policy =
      own ?? this.reflector.get<Policy<HttpRequest> | undefined>(POLICY, controller) ?? anyValidToken;
    const scopes =
      this.reflector.get<readonly string[] | undefined>(SCOPES, handler) ??
      (own === undefined ? this.reflector.get<readonly string[] | undefined>(SCOPES, controller) : undefined);
    return scopes === undefined ? policy : withScopes(policy, scopes);
  }
}
