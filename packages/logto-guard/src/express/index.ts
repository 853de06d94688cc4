export { type ExpressGuardOptions, requireAuth } from './require-auth.js';
export { serveResourceMetadata } from './resource-metadata.js';
