/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), derived from a guard: which authorization server
 * issues tokens for this API, for which resource indicator, with which scopes.
 *
 * @module
 */
import type { Guard } from './guard.js';
import { checkKnownKeys, checkObject, fail, scopeNames } from './option-checks.js';
import { notedScopes } from './route-registry.js';

/** The well-known path of RFC 9728 §3. */
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/** The metadata document (RFC 9728 §2); the names are the RFC's. */
export interface ProtectedResourceMetadata {
  /** The resource indicator clients ask tokens for (`resource=` at Logto's token endpoint). */
  resource: string;
  /** The issuers whose tokens the guard accepts. */
  authorization_servers: string[];
  /** The scopes of the routes protected with the guard (or the ones given). */
  scopes_supported: string[];
  /** Only the `Authorization` header: logto-guard reads tokens from nowhere else. */
  bearer_methods_supported: ['header'];
  resource_name?: string;
  resource_documentation?: string;
}

/** Options of {@link protectedResourceMetadata}. */
export interface ResourceMetadataOptions {
  /** The resource indicator to describe. Default: the guard's first `audience`. */
  resource?: string;
  /**
   * `scopes_supported`. Default: the union of the scopes of every route protected with the guard,
   * read at each call, so routes declared after the metadata route are included.
   */
  scopes?: readonly string[];
  /** `resource_name`: a human-readable name of the API. */
  resourceName?: string;
  /** `resource_documentation`: URL of the API's documentation for developers. */
  resourceDocumentation?: string;
}

const KNOWN_OPTIONS = [
  'resource',
  'scopes',
  'resourceName',
  'resourceDocumentation',
] as const satisfies readonly (keyof ResourceMetadataOptions)[];

function absoluteUrl(option: string, value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) fail(option, 'must be an absolute URL');
  if (new URL(value).hash !== '') fail(option, 'must not contain a fragment');
  return value;
}

function optionalText(option: string, value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    fail(option, 'must be a non-empty string');
  }
  return value;
}

/**
 * Checks the options once (a wrong one throws `LogtoGuardConfigError` naming it) and returns a function
 * building the document on each call.
 */
export function resourceMetadataBuilder(
  guard: Guard,
  options: ResourceMetadataOptions = {},
): () => ProtectedResourceMetadata {
  checkObject('', options);
  checkKnownKeys(options, KNOWN_OPTIONS);
  const resource = absoluteUrl('resource', options.resource ?? guard.options.audiences[0]);
  const scopes = options.scopes === undefined ? undefined : scopeNames(options.scopes);
  const resourceName = optionalText('resourceName', options.resourceName);
  const documentation =
    options.resourceDocumentation === undefined
      ? undefined
      : absoluteUrl('resourceDocumentation', options.resourceDocumentation);
  return function buildResourceMetadata() {
    const metadata: ProtectedResourceMetadata = {
      resource,
      authorization_servers: [...guard.options.issuers],
      scopes_supported: scopes === undefined ? notedScopes(guard) : [...scopes],
      bearer_methods_supported: ['header'],
    };
    if (resourceName !== undefined) metadata.resource_name = resourceName;
    if (documentation !== undefined) metadata.resource_documentation = documentation;
    return metadata;
  };
}

/**
 * The RFC 9728 metadata of the API a guard protects: `resource` (the guard's first audience),
 * `authorization_servers` (its issuers), `scopes_supported` (the union of the scopes of the routes
 * protected with it so far) and `bearer_methods_supported: ["header"]`.
 *
 * Does NOT fetch anything and does NOT sign the document (no `signed_metadata`).
 *
 * @example
 * ```ts
 * protectedResourceMetadata(guard, { resourceName: 'Shop API' })
 * // { resource: 'https://api.example.com', authorization_servers: ['https://tenant.logto.app/oidc'], ... }
 * ```
 */
export function protectedResourceMetadata(
  guard: Guard,
  options: ResourceMetadataOptions = {},
): ProtectedResourceMetadata {
  return resourceMetadataBuilder(guard, options)();
}

/**
 * The paths where clients look for the metadata of `resource`: `/.well-known/oauth-protected-resource`
 * and, for a resource indicator with a path, the path-suffixed location of RFC 9728 §3.1
 * (`https://api.example.com/v1` → `/.well-known/oauth-protected-resource/v1`).
 */
export function resourceMetadataPaths(resource: string): string[] {
  const path = new URL(resource).pathname.replace(/\/+$/, '');
  return path === ''
    ? [RESOURCE_METADATA_PATH]
    : [RESOURCE_METADATA_PATH, `${RESOURCE_METADATA_PATH}${path}`];
}
