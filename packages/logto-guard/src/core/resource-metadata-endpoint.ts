/**
 * The HTTP answers of the RFC 9728 metadata route, framework-free: every adapter's metadata helper only
 * matches the method and path and writes what this returns.
 *
 * @module
 */
import type { Guard } from './guard.js';
import {
  type ProtectedResourceMetadata,
  type ResourceMetadataOptions,
  resourceMetadataBuilder,
  resourceMetadataPaths,
} from './protected-resource-metadata.js';

/** An answer of the metadata route. Header names are lower case; `body` is undefined for 204. */
export interface MetadataResponse {
  status: number;
  headers: Record<string, string>;
  body: ProtectedResourceMetadata | undefined;
}

/** The metadata route of one guard: the paths it serves and the answer for a method on one of them. */
export interface MetadataEndpoint {
  readonly paths: readonly string[];
  /** The answer for `method` on `path`; undefined when it is not a metadata path or method (let it pass). */
  answer(method: string, path: string): MetadataResponse | undefined;
}

// Any origin may read the document (RFC 9728 §3 expects browser-based clients to fetch it); it holds no
// secret and the route takes no credentials, so `*` is safe. The MCP SDK sends `mcp-protocol-version`,
// which makes browsers send a preflight: it is answered for every header.
const CORS = { 'access-control-allow-origin': '*' } as const;
const METHODS = 'GET, HEAD, OPTIONS';

/**
 * Creates the metadata route of `guard`: GET and HEAD answer 200 with the JSON document, OPTIONS answers
 * the CORS preflight with 204; other methods are left to the application (usually its 404). Options
 * are checked now.
 *
 * Does NOT check any token: the metadata is public.
 */
export function createMetadataEndpoint(
  guard: Guard,
  options: ResourceMetadataOptions = {},
): MetadataEndpoint {
  const build = resourceMetadataBuilder(guard, options);
  const paths = Object.freeze(resourceMetadataPaths(build().resource));
  return Object.freeze({
    paths,
    answer(method: string, path: string): MetadataResponse | undefined {
      if (!paths.includes(path)) return undefined;
      switch (method.toUpperCase()) {
        // HTTP servers leave the body out of a HEAD answer themselves.
        case 'GET':
        case 'HEAD':
          return { status: 200, headers: { ...CORS, 'cache-control': 'max-age=300' }, body: build() };
        case 'OPTIONS':
          return {
            status: 204,
            headers: {
              ...CORS,
              'access-control-allow-methods': METHODS,
              'access-control-allow-headers': '*',
              'access-control-max-age': '86400',
            },
            body: undefined,
          };
        default:
          return undefined;
      }
    },
  });
}
