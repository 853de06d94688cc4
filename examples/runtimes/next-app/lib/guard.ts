// One guard for the whole app, from the environment the test starts `next start` with.
import { createGuard } from 'logto-guard';
// Not a public entry point: next.config.mjs points it at logto-guard's built signature module.
import { signaturePath } from 'logto-guard-signature';

export const guard = createGuard({
  endpoint: process.env.LOGTO_ENDPOINT,
  audience: process.env.API_RESOURCE ?? 'https://api.example.com',
});

/** The path logto-guard checks signatures on in this Next.js runtime, sent back as a response header. */
export const SIGNATURE_PATH_HEADER = { 'x-signature-path': signaturePath };

/** Next.js's second argument of a dynamic route's handlers. */
export type Context<Params> = { params: Promise<Params> };
