/**
 * The app every runtime serves: the adapter contract's routes behind the Hono adapter (under `/hono`) and
 * behind the fetch adapter (under `/fetch`), plus `/runtime`, which says which runtime runs it and which
 * signature path logto-guard took there. Only Web-standard APIs, so Bun, Deno and workerd run it as is.
 */
import { Hono } from 'hono';
import { createGuard, type Policy } from 'logto-guard';
import { withAuth } from 'logto-guard/fetch';
import { requireAuth } from 'logto-guard/hono';
// Not a public entry point: the bundler resolves it to logto-guard's built module (see build.ts).
import { signaturePath } from 'logto-guard-signature';
import { contractRoutes } from '../../../packages/logto-guard/test/contract/routes.js';

/** What the test process hands the runtime: the guard options the contract table asked for. */
export interface AppConfig {
  endpoint: string;
  audience: string;
  /** Frozen clock (milliseconds since the epoch), as the contract table uses. */
  now?: number;
  fetchTimeout?: number;
}

export interface RuntimeInfo {
  runtime: string;
  version: string;
}

// Every WebCrypto signature check goes through SubtleCrypto.prototype.verify; counting the calls shows
// that jose's WebCrypto path is the one that ran (the node:crypto path never calls it).
let subtleVerifyCalls = 0;
const subtleVerify = SubtleCrypto.prototype.verify;
SubtleCrypto.prototype.verify = function countedVerify(this: SubtleCrypto, ...args) {
  subtleVerifyCalls += 1;
  return subtleVerify.apply(this, args);
} as typeof subtleVerify;

/** The app's fetch handler for `config`. */
export function createApp(config: AppConfig, info: RuntimeInfo): (request: Request) => Promise<Response> {
  const { now, ...options } = config;
  const guard = createGuard({ ...options, ...(now === undefined ? {} : { now: () => now }) });
  const app = new Hono();
  for (const route of contractRoutes) {
    const policy = route.policy as Policy<unknown>;
    app.get(`/hono${route.path}`, requireAuth(guard, policy), (c) => c.json({ auth: c.get('auth') ?? null }));
    // The fetch adapter's handler gets the Request and, as a router hands them, the route parameters.
    const handler = withAuth(
      guard,
      policy,
      (_request, auth, _params: Record<string, string>) => Response.json({ auth: auth ?? null }),
      { params: (_request, params) => params },
    );
    app.get(`/fetch${route.path}`, (c) => handler(c.req.raw, c.req.param()));
  }
  app.get('/runtime', (c) => c.json({ ...info, signaturePath, subtleVerifyCalls }));
  return async (request) => app.fetch(request);
}
