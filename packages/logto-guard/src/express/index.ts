export { type ExpressGuardOptions, requireAuth } from './require-auth.js';
