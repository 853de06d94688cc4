/**
 * Route metadata read by `LogtoAuthGuard`, and the `@Auth()` parameter decorator.
 *
 * @module
 */
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { checkPolicy, fail, requiredScopes } from '../core/adapter-kit.js';
import type { AuthInfo, Policy } from '../core/index.js';
import { documentControllerLater } from './openapi.js';
import { POLICY, PUBLIC, SCOPES } from './route-policy.js';

/** What the route and policy decorators return: usable on a controller class or on one handler. */
export type RouteDecorator = ClassDecorator & MethodDecorator;

/**
 * `SetMetadata(key, value)` that refuses to join `@Public()` and a protecting decorator on the same
 * handler or class: which one was meant cannot be known, and guessing "public" would fail open. Nest
 * applies decorators when the class is defined, so the mistake stops the application at start-up. Each
 * declaration also has the controller's routes documented for `@nestjs/swagger` once the class is defined.
 */
function declare(key: string, value: unknown, name: string): RouteDecorator {
  const conflicts = key === PUBLIC ? [POLICY, SCOPES] : [PUBLIC];
  const set = SetMetadata(key, value);
  return ((target: object, property?: string | symbol, descriptor?: PropertyDescriptor) => {
    const where: object = descriptor?.value ?? target;
    if (conflicts.some((other) => Reflect.getOwnMetadata(other, where) !== undefined)) {
      fail(
        name,
        `cannot be combined with ${key === PUBLIC ? '@RequireAuth/@RequireScopes' : '@Public()'} on the same ${descriptor === undefined ? 'class' : 'handler'} (${describe(target, property)})`,
      );
    }
    documentControllerLater(descriptor === undefined ? (target as Function) : target.constructor);
    if (descriptor === undefined) return (set as ClassDecorator)(target as Function);
    return (set as MethodDecorator)(target, property as string | symbol, descriptor);
  }) as RouteDecorator;
}

const describe = (target: object, property?: string | symbol): string => {
  const owner = typeof target === 'function' ? target.name : target.constructor.name;
  return property === undefined ? owner : `${owner}.${String(property)}`;
};

/**
 * Protects a controller or handler with a core policy (`globalApi`, `organizationPermissions`,
 * `organizationApi`); a handler's own policy wins over its class's. Routes without any policy get
 * `globalApi()`: any valid token for the guard's audience. Policy functions (`organizationId`,
 * `checkClaims`) receive the platform's request: type it, e.g. `(req: Request) => req.header('x-org')`.
 *
 * With `@nestjs/swagger`, the route's operation in `SwaggerModule.createDocument` gets the policy's
 * `security` (its scopes) and the 401 and 403 responses, without any other annotation (see
 * `withLogtoSecurity` for the components they refer to).
 *
 * Does NOT check anything by itself: `LogtoAuthGuard` reads it.
 *
 * @example
 * ```ts
 * @Get('products') @RequireAuth(globalApi({ scopes: ['read:products'] })) list() {}
 * ```
 */
export function RequireAuth<Req>(policy: Policy<Req>): RouteDecorator {
  return declare(POLICY, checkPolicy(policy), 'RequireAuth');
}

/**
 * Sets the scopes a handler (or every handler of a class) needs, keeping the permission model and other
 * options of the policy declared at the same level or above; it does NOT add to that policy's scopes, it
 * replaces them. Checked now: a wrong name, or no name at all (`@RequireScopes(...adminScopes)` with an
 * empty list would drop the scopes of the class above it), throws `LogtoGuardConfigError`.
 *
 * @example
 * ```ts
 * @Controller('orgs/:organizationId') @RequireAuth(organizationApi())
 * class ProjectsController { @Get('projects') @RequireScopes('read:projects') list() {} }
 * ```
 */
export function RequireScopes(...scopes: string[]): RouteDecorator {
  if (scopes.length === 0) {
    fail(
      'RequireScopes',
      'needs at least one permission name (for any valid token: @RequireAuth(globalApi()))',
    );
  }
  return declare(SCOPES, requiredScopes(scopes), 'RequireScopes');
}

/**
 * Lets a handler or controller skip `LogtoAuthGuard` (e.g. a health check under a global `APP_GUARD`).
 * On a controller it does NOT open the handlers that declare `@RequireAuth` or `@RequireScopes`
 * themselves: the more specific declaration wins. With either on the same handler or class it throws
 * `LogtoGuardConfigError` when the class is defined.
 *
 * @example
 * ```ts
 * @Get('health') @Public() health() { return 'ok' }
 * ```
 */
export const Public = (): RouteDecorator => declare(PUBLIC, true, 'Public');

/**
 * The verified caller (`AuthInfo`) as a handler parameter; undefined on an optional route called without
 * a token and on `@Public()` routes. Does NOT check anything: `LogtoAuthGuard` must run first.
 *
 * @example
 * ```ts
 * @Get('me') me(@Auth() auth: AuthInfo) { return auth }
 * ```
 */
export const Auth: () => ParameterDecorator = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthInfo | undefined =>
    context.switchToHttp().getRequest<{ auth?: AuthInfo }>().auth,
);
