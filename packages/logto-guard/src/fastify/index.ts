export { type LogtoOpenApiTransforms, logtoOpenApi } from './openapi.js';
export { type FastifyGuardPluginOptions, logtoGuard } from './plugin.js';
export { type FastifyGuardHook, type FastifyGuardOptions, requireAuth } from './require-auth.js';
export { serveResourceMetadata } from './resource-metadata.js';
