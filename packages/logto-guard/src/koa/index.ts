export { type KoaGuardOptions, type LogtoGuardState, requireAuth } from './require-auth.js';
export { serveResourceMetadata } from './resource-metadata.js';
