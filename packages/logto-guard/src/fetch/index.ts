export { type FetchAuthResult, type RouteParams, requireAuth } from './require-auth.js';
export { serveResourceMetadata } from './resource-metadata.js';
export { type AuthHandler, type FetchGuardOptions, withAuth } from './with-auth.js';
