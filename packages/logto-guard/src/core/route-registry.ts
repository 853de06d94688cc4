/**
 * Which policies protect routes with a guard: adapters note each policy when a route is declared, so the
 * documents derived from a guard (RFC 9728 metadata, OpenAPI) list the scopes without the user writing
 * them twice. Internal: adapters reach it through the adapter kit.
 *
 * @module
 */
import type { Guard } from './guard.js';
import type { Policy } from './policy.js';

// Keyed by the guard object so a guard no longer used is collected with its policies.
const policiesOf = new WeakMap<Guard, Set<Policy<never>>>();

/** Notes that `policy` protects a route with `guard` (called once per route, when it is declared). */
export function notePolicy<Req>(guard: Guard, policy: Policy<Req>): void {
  let policies = policiesOf.get(guard);
  if (policies === undefined) {
    policies = new Set();
    policiesOf.set(guard, policies);
  }
  policies.add(policy as Policy<never>);
}

/**
 * The union of the scopes of every route declared with `guard` so far, in the order first seen.
 * Does NOT include routes declared after the call: call it when answering, not at start-up.
 */
export function notedScopes(guard: Guard): string[] {
  const scopes = new Set<string>();
  for (const policy of policiesOf.get(guard) ?? []) for (const scope of policy.scopes) scopes.add(scope);
  return [...scopes];
}

// The policy of each middleware an adapter made, for integrations that see the route's middleware only
// (@fastify/swagger's `transform` gets the route's `preHandler`; Express, Hono and Koa routers list them).
const policyOfHandler = new WeakMap<object, Policy<never>>();

/** Returns `handler` after noting that it enforces `policy`. */
export function notedHandler<H extends object, Req>(handler: H, policy: Policy<Req>): H {
  policyOfHandler.set(handler, policy as Policy<never>);
  return handler;
}

/** The policy a middleware made by an adapter enforces; undefined for any other value. */
function policyOfHandlerValue(value: unknown): Policy<never> | undefined {
  return typeof value === 'function' ? policyOfHandler.get(value) : undefined;
}

/** The policy enforced by the first of `handlers` made by an adapter's `requireAuth`; undefined if none. */
export function policyOfHandlers(handlers: readonly unknown[]): Policy<never> | undefined {
  return handlers.map(policyOfHandlerValue).find((policy) => policy !== undefined);
}
