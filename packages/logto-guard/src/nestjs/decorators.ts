/**
 * Route metadata read by `LogtoAuthGuard`, and the `@Auth()` parameter decorator.
 *
 * @module
 */
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { checkPolicy, requiredScopes } from '../core/adapter-kit.js';
import type { AuthInfo, Policy } from '../core/index.js';

/** Metadata key of the policy set by {@link RequireAuth}; internal to the Nest adapter. */
export const POLICY = 'logto-guard:policy';
/** Metadata key of the scopes set by {@link RequireScopes}; internal to the Nest adapter. */
export const SCOPES = 'logto-guard:scopes';
/** Metadata key of {@link Public}; internal to the Nest adapter. */
export const PUBLIC = 'logto-guard:public';

/** What the route and policy decorators return: usable on a controller class or on one handler. */
export type RouteDecorator = ClassDecorator & MethodDecorator;

/**
 * Protects a controller or handler with a core policy (`globalApi`, `organizationPermissions`,
 * `organizationApi`); a handler's own policy wins over its class's. Routes without any policy get
 * `globalApi()`: any valid token for the guard's audience. Policy functions (`organizationId`,
 * `checkClaims`) receive the platform's request: type it, e.g. `(req: Request) => req.header('x-org')`.
 *
 * Does NOT check anything by itself: `LogtoAuthGuard` reads it.
 *
 * @example
 * ```ts
 * @Get('products') @RequireAuth(globalApi({ scopes: ['read:products'] })) list() {}
 * ```
 */
export function RequireAuth<Req>(policy: Policy<Req>): RouteDecorator {
  return SetMetadata(POLICY, checkPolicy(policy));
}

/**
 * Sets the scopes a handler (or every handler of a class) needs, keeping the permission model and other
 * options of the policy declared at the same level or above; it does NOT add to that policy's scopes, it
 * replaces them. Checked now: a wrong name throws `LogtoGuardConfigError`.
 *
 * @example
 * ```ts
 * @Controller('orgs/:organizationId') @RequireAuth(organizationApi())
 * class ProjectsController { @Get('projects') @RequireScopes('read:projects') list() {} }
 * ```
 */
export const RequireScopes = (...scopes: string[]): RouteDecorator =>
  SetMetadata(SCOPES, requiredScopes(scopes));

/**
 * Lets a handler or controller skip `LogtoAuthGuard` (e.g. a health check under a global `APP_GUARD`).
 *
 * @example
 * ```ts
 * @Get('health') @Public() health() { return 'ok' }
 * ```
 */
export const Public = (): RouteDecorator => SetMetadata(PUBLIC, true);

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
