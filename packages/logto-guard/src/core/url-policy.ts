/**
 * Which URLs a guard may fetch keys and metadata from.
 *
 * @module
 */

const loopbackHosts: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `url` may be trusted for issuer metadata and keys: `https:` always; `http:` only on a loopback
 * host (`localhost`, `127.0.0.1`, `::1`), or anywhere when `allowInsecureHttp` is set.
 */
export function isAllowedUrl(url: URL, allowInsecureHttp: boolean): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (allowInsecureHttp || loopbackHosts.has(url.hostname));
}
