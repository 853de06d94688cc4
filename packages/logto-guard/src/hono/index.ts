export { type AuthEnv, type HonoGuardOptions, requireAuth } from './require-auth.js';
