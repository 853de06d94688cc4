export { type KoaGuardOptions, type LogtoGuardState, requireAuth } from './require-auth.js';
