/**
 * The routes every adapter mounts for the contract table. Each handler answers 200 `{ "auth": <auth or null> }`.
 */
import { globalApi, organizationApi, organizationPermissions, type Policy } from '../../src/core/index.js';

export const API = 'https://api.example.com';

export interface ContractRoute {
  /** Path in `:param` syntax, understood by Express, Fastify, Hono and Koa routers. */
  path: string;
  policy: Policy<unknown>;
}

export const contractRoutes: readonly ContractRoute[] = [
  { path: '/api/products', policy: globalApi({ scopes: ['read:products'] }) },
  { path: '/api/protected', policy: globalApi({ scopes: ['api:read', 'api:write'] }) },
  { path: '/api/any', policy: globalApi({ scopes: ['api:read', 'api:write'], match: 'any' }) },
  { path: '/api/optional', policy: globalApi({ optional: true }) },
  { path: '/api/admin', policy: globalApi({ checkClaims: (claims) => claims.sub === 'admin' }) },
  { path: '/orgs/:organizationId/members', policy: organizationPermissions({ scopes: ['read:members'] }) },
  { path: '/orgs/:organizationId/projects', policy: organizationApi({ scopes: ['read:projects'] }) },
  // A server mistake: the policy reads `organizationId`, the route calls it `orgId`.
  { path: '/misnamed/:orgId/members', policy: organizationPermissions({ scopes: ['read:members'] }) },
];
