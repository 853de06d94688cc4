/**
 * The policy of a Nest route from its decorators, and whether it is public: shared by `LogtoAuthGuard` (to
 * enforce it), the metadata module (to list its scopes) and the OpenAPI metadata (to document it).
 *
 * @module
 */
import type { Reflector } from '@nestjs/core';
import { globalApi, type Policy, withScopes } from '../core/index.js';

/** Metadata key of the policy set by `@RequireAuth`; internal to the Nest adapter. */
export const POLICY = 'logto-guard:policy';
/** Metadata key of the scopes set by `@RequireScopes`; internal to the Nest adapter. */
export const SCOPES = 'logto-guard:scopes';
/** Metadata key of `@Public()`; internal to the Nest adapter. */
export const PUBLIC = 'logto-guard:public';

const anyValidToken = globalApi();

/**
 * The nearest policy (`@RequireAuth` of the handler, else of the controller, else `globalApi()`);
 * `@RequireScopes` replaces its scopes when declared at its level or nearer.
 */
export function routePolicy<Req>(reflector: Reflector, handler: Function, controller: Function): Policy<Req> {
  const own = reflector.get<Policy<Req> | undefined>(POLICY, handler);
  const policy = own ?? reflector.get<Policy<Req> | undefined>(POLICY, controller) ?? anyValidToken;
  const scopes =
    reflector.get<readonly string[] | undefined>(SCOPES, handler) ??
    (own === undefined ? reflector.get<readonly string[] | undefined>(SCOPES, controller) : undefined);
  return scopes === undefined ? policy : withScopes(policy, scopes);
}

/**
 * Whether a route is `@Public()`. The most specific declaration wins, as in JSR-250 and Spring: a
 * handler's `@RequireAuth` or `@RequireScopes` protects it under a `@Public()` controller, a handler's
 * `@Public()` opens it under a protected one, and a controller's own declaration wins over the one it
 * inherits from a base class (Nest's reflector would read the base's `@Public()` through the prototype
 * chain and open a subclass that declares `@RequireAuth`). (Both on one handler or one class is refused
 * when the class is defined, by the decorators.)
 */
export function isPublicRoute(reflector: Reflector, handler: Function, controller: Function): boolean {
  if (reflector.get<boolean | undefined>(PUBLIC, handler) === true) return true;
  const protectsHandler =
    reflector.get<unknown>(POLICY, handler) !== undefined ||
    reflector.get<unknown>(SCOPES, handler) !== undefined;
  return !protectsHandler && nearestClassIsPublic(controller);
}

/** Whether the nearest class of `controller`'s chain (itself, then its bases) that declares anything says `@Public()`. */
function nearestClassIsPublic(controller: Function): boolean {
  for (let type: unknown = controller; typeof type === 'function'; type = Object.getPrototypeOf(type)) {
    if (Reflect.getOwnMetadata(PUBLIC, type) === true) return true;
    if (
      Reflect.getOwnMetadata(POLICY, type) !== undefined ||
      Reflect.getOwnMetadata(SCOPES, type) !== undefined
    ) {
      return false;
    }
  }
  return false;
}

/** Whether the handler or its controller declares `@RequireAuth` or `@RequireScopes`. */
export function declaresPolicy(reflector: Reflector, handler: Function, controller: Function): boolean {
  return [handler, controller].some(
    (target) =>
      reflector.get<unknown>(POLICY, target) !== undefined ||
      reflector.get<unknown>(SCOPES, target) !== undefined,
  );
}
