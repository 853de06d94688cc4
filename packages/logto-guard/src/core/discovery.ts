/**
 * OpenID Provider discovery (OIDC Discovery 1.0 §4, RFC 8414 §3): finds the JWKS URI of an issuer.
 *
 * @module
 */
import { UnavailableError } from './errors.js';
import { fetchJsonObject } from './fetch-json.js';
import { isAllowedUrl } from './url-policy.js';

/** Settings of {@link createJwksUriResolver}. */
export interface DiscoveryOptions {
  /** `<issuer>/.well-known/openid-configuration`. */
  url: string;
  /** The issuer the document must name exactly (RFC 8414 §3.3). */
  issuer: string;
  fetch: typeof fetch;
  /** Milliseconds. */
  timeout: number;
  /** Whether the `jwks_uri` may be `http:` on a host other than loopback. */
  allowInsecureHttp: boolean;
}

function readJwksUri(document: Record<string, unknown>, options: DiscoveryOptions): string {
  if (document.issuer !== options.issuer) throw new Error('discovery document names another issuer');
  const jwksUri = document.jwks_uri;
  if (typeof jwksUri !== 'string') throw new Error('discovery document has no jwks_uri');
  if (!isAllowedUrl(new URL(jwksUri), options.allowInsecureHttp)) {
    throw new Error('discovery document has an insecure jwks_uri');
  }
  return jwksUri;
}

/**
 * Returns a function that resolves the issuer's JWKS URI, fetching the discovery document on first
 * call and remembering it once it succeeds. A failure is not remembered: the next call tries again.
 * Concurrent calls share one request.
 *
 * Does NOT read `id_token_signing_alg_values_supported` or any other algorithm list: the accepted
 * algorithms are the guard's own option.
 *
 * @throws {LogtoGuardError} `discovery_failed` (503) when the document cannot be fetched or is wrong.
 */
export function createJwksUriResolver(options: DiscoveryOptions): () => Promise<string> {
  let resolved: string | undefined;
  let pending: Promise<string> | undefined;
  return function resolveJwksUri() {
    if (resolved !== undefined) return Promise.resolve(resolved);
    pending ??= fetchJsonObject(options.fetch, options.url, options.timeout)
      .then((document) => {
        resolved = readJwksUri(document, options);
        return resolved;
      })
      .catch((cause: unknown) => {
        throw new UnavailableError(
          'discovery_failed',
          'OpenID discovery document could not be loaded',
          cause,
        );
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
