export { openApiPathsOf } from './openapi.js';
export { type AuthEnv, type HonoGuardOptions, requireAuth } from './require-auth.js';
export { serveResourceMetadata } from './resource-metadata.js';
