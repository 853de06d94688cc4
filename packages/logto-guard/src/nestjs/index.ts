export {
  Auth,
  Public,
  RequireAuth,
  RequireScopes,
  type RouteDecorator,
} from './decorators.js';
export { LogtoAuthGuard } from './guard.js';
export {
  LOGTO_GUARD,
  LogtoGuardModule,
  type LogtoGuardModuleAsyncOptions,
  type LogtoGuardModuleOptions,
} from './module.js';
export { withLogtoSecurity } from './openapi.js';
export { ResourceMetadataModule } from './resource-metadata.js';
