export { openApiPathsOf } from './openapi.js';
export { type KoaGuardOptions, type LogtoGuardState, requireAuth } from './require-auth.js';
export { serveResourceMetadata } from './resource-metadata.js';
