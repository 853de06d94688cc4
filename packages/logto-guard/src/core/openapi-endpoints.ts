/**
 * The OAuth 2.0 endpoints an OpenAPI document names, read from the issuer's discovery document.
 *
 * @module
 */
import { UnavailableError } from './errors.js';
import { fetchJsonObject } from './fetch-json.js';
import type { Guard } from './guard.js';
import { isAllowedUrl } from './url-policy.js';

/** The endpoints of Logto's OAuth 2.0 flows, for `openApiComponents(guard, endpoints)`. */
export interface OpenApiEndpoints {
  /** `authorization_endpoint` of the discovery document (Logto: `<issuer>/auth`). */
  authorizationUrl: string;
  /** `token_endpoint` of the discovery document (Logto: `<issuer>/token`). */
  tokenUrl: string;
}

function endpoint(document: Record<string, unknown>, name: string, allowInsecureHttp: boolean): string {
  const value = document[name];
  if (typeof value !== 'string' || !URL.canParse(value)) throw new Error(`discovery document has no ${name}`);
  if (!isAllowedUrl(new URL(value), allowInsecureHttp))
    throw new Error(`discovery document has an insecure ${name}`);
  return value;
}

/**
 * Fetches `<first issuer>/.well-known/openid-configuration` (with the guard's `fetch`, timeout and
 * `http:` rule) and returns its authorization and token endpoints, for the `authorizationUrl` and
 * `tokenUrl` options of `openApiComponents`. The document must name the issuer exactly.
 *
 * Does NOT cache anything: call it once at start-up. Does NOT read the other issuers of a multi-tenant
 * guard.
 *
 * @throws {UnavailableError} `discovery_failed` when the document cannot be fetched or is wrong.
 *
 * @example
 * ```ts
 * const components = openApiComponents(guard, {
 *   flows: ['clientCredentials', 'authorizationCode'],
 *   ...(await openApiEndpoints(guard)),
 * });
 * ```
 */
export async function openApiEndpoints(guard: Guard): Promise<OpenApiEndpoints> {
  const { issuers, fetch, fetchTimeout, allowInsecureHttp } = guard.options;
  const issuer = issuers[0] as string;
  try {
    const document = await fetchJsonObject(fetch, `${issuer}/.well-known/openid-configuration`, fetchTimeout);
    if (document.issuer !== issuer) throw new Error('discovery document names another issuer');
    return {
      authorizationUrl: endpoint(document, 'authorization_endpoint', allowInsecureHttp),
      tokenUrl: endpoint(document, 'token_endpoint', allowInsecureHttp),
    };
  } catch (cause) {
    throw new UnavailableError('discovery_failed', 'OpenID discovery document could not be loaded', cause);
  }
}
