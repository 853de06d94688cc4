/**
 * The adapter kit: what every framework adapter of this package shares besides the public entry (option
 * resolution, the "is this a guard / a policy" checks, scope names for decorators). Internal: it is not
 * exported from `logto-guard`, and custom adapters need none of it (see the README, "Write your own
 * adapter": `guard.check` returns the ready HTTP answer).
 *
 * @module
 */
import type { LogtoGuardFailure } from './errors.js';
import type { Guard } from './guard.js';
import { checkKnownKeys, checkObject, fail, optionalBoolean, scopeNames } from './option-checks.js';
import type { Policy } from './policy.js';
import type { ErrorResponse } from './render.js';

export { openApiMethod, withOpenApiComponents } from './openapi.js';
export { checkKnownKeys, checkObject, fail } from './option-checks.js';
export {
  createMetadataEndpoint,
  type MetadataEndpoint,
  type MetadataResponse,
} from './resource-metadata-endpoint.js';
export { notedHandler, notePolicy, policyOfHandlers } from './route-registry.js';

/** Options of every adapter's `requireAuth`. */
export interface AdapterOptions {
  /**
   * Hand failures to the framework's error handling (`next(err)`, a thrown `LogtoGuardError` with
   * `status`) instead of answering them; answer with `guard.render(err)` there. Default false.
   */
  passErrors?: boolean;
}

/**
 * Checks adapter options once, when the middleware is created, and applies the defaults. An unknown key
 * is refused like a wrong value.
 *
 * @throws {LogtoGuardConfigError} naming the wrong option.
 */
export function resolveAdapterOptions(options: AdapterOptions | undefined): Required<AdapterOptions> {
  if (options !== undefined) {
    checkObject('', options, 'requireAuth options');
    checkKnownKeys(options, ['passErrors'] satisfies (keyof AdapterOptions)[]);
  }
  return { passErrors: optionalBoolean('passErrors', options?.passErrors, false) };
}

/**
 * `value` itself when it is a guard made by `createGuard()`, checked by shape (it may come from another
 * copy of the package).
 *
 * @throws {LogtoGuardConfigError} naming `option`.
 */
export function checkGuard(value: unknown, option = 'guard'): Guard {
  const guard = value as Partial<Guard> | null;
  if (typeof guard !== 'object' || guard === null || typeof guard.check !== 'function') {
    fail(option, 'must be a guard made with createGuard()');
  }
  return guard as Guard;
}

/**
 * `value` itself when it is a policy made by `globalApi()`, `organizationPermissions()` or
 * `organizationApi()`.
 *
 * @throws {LogtoGuardConfigError} naming `option`.
 */
export function checkPolicy<Req>(value: Policy<Req>, option = 'policy'): Policy<Req> {
  const model: unknown = (value as { model?: unknown } | null)?.model;
  if (model !== 'global-api' && model !== 'organization' && model !== 'organization-api') {
    fail(option, 'must come from globalApi(), organizationPermissions() or organizationApi()');
  }
  return value;
}

/**
 * Scope names given to a decorator such as Nest's `@RequireScopes`, checked like a policy's `scopes`.
 *
 * @throws {LogtoGuardConfigError} `scopes`.
 */
export const requiredScopes = (scopes: readonly string[]): readonly string[] => scopeNames(scopes);

/** What {@link nodeAuthorization} reads of a Node `IncomingMessage` (or an Express request). */
export interface NodeRequestHeaders {
  headers: { authorization?: string | undefined };
  /** Absent on hand-made requests (tests, some platforms): then `headers` alone counts. */
  rawHeaders?: readonly string[] | undefined;
}

/**
 * The Authorization header of a Node request, with every value when it was sent more than once. Node
 * keeps only the first one in `headers.authorization`, so a request with two would be judged by one of
 * them while a proxy in front may have judged it by the other: the core refuses a list of more than one
 * (401 `invalid_request`), as the fetch adapters do with the joined value `Headers` gives them.
 * For adapters of your own on Node (README, "Write your own adapter").
 *
 * Does NOT parse or check the values: `guard.check` does.
 *
 * @example
 * ```ts
 * const outcome = await guard.check({ authorization: nodeAuthorization(req), params: req.params }, policy);
 * ```
 */
export function nodeAuthorization(request: NodeRequestHeaders): string | readonly string[] | undefined {
  const first = request.headers.authorization;
  if (first === undefined) return undefined;
  const raw = request.rawHeaders;
  if (raw === undefined) return first;
  const values: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === 'authorization') values.push(raw[i + 1] as string);
  }
  return values.length > 1 ? values : first;
}

// What Node's `setHeader` accepts in a value. A default error handler that meets any other character
// throws from inside the framework, where nothing catches it: such a header is left out instead.
const WRITABLE_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const writableHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([, v]) => WRITABLE_VALUE.test(v)));

/**
 * The failure an adapter hands on with `passErrors`, made understood by the frameworks' default error
 * handlers, so an app without its own still answers the right 401/403/503 with its challenge:
 * `statusCode` (Fastify, Express), `headers` (Express, Koa: the rendered `WWW-Authenticate`,
 * `Cache-Control`, `Retry-After`), `expose` (Koa: true for a 401/403, a client error as Koa's own
 * `ctx.throw(401)` makes, so its text body is the error's fixed message and Koa does not log a stack
 * trace per anonymous request; false for a 503, which Koa logs and answers with the status text) and
 * `getResponse()` (Hono: the rendered JSON answer). Non-enumerable, so logs of the error do not change.
 */
export function passedError(failure: {
  error: LogtoGuardFailure;
  response: ErrorResponse;
}): LogtoGuardFailure {
  const { error, response } = failure;
  const value = (v: unknown): PropertyDescriptor => ({ value: v, configurable: true, writable: true });
  return Object.defineProperties(error, {
    statusCode: value(error.status),
    expose: value(error.status < 500),
    headers: value(writableHeaders(response.headers)),
    getResponse: value(() =>
      Response.json(response.body, { status: response.status, headers: writableHeaders(response.headers) }),
    ),
  });
}
