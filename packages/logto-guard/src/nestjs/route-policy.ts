/**
 * The policy of a Nest route from its decorators: shared by `LogtoAuthGuard` (to enforce it) and the
 * metadata module (to list its scopes).
 *
 * @module
 */
import type { Reflector } from '@nestjs/core';
import { globalApi, type Policy, withScopes } from '../core/index.js';
import { POLICY, SCOPES } from './decorators.js';

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
