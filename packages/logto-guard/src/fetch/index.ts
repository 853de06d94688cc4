export { type FetchAuthResult, type RouteParams, requireAuth } from './require-auth.js';
export { type AuthHandler, type FetchGuardOptions, withAuth } from './with-auth.js';
