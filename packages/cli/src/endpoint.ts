/**
 * The `--endpoint` flag: a Logto endpoint such as `https://<tenant>.logto.app` (issuer `<endpoint>/oidc`).
 *
 * @module
 */
import { UsageError } from './usage-error.js';

const loopbackHosts: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks an `--endpoint` value and returns it without trailing slashes and without a trailing `/oidc`
 * (people often paste the issuer instead of the endpoint). `http:` is accepted only on loopback hosts
 * unless `allowInsecureHttp`.
 *
 * Does NOT contact the endpoint.
 *
 * @throws {UsageError} when the value is not an http(s) URL, or is plain http on another host.
 *
 * @example
 * ```ts
 * parseEndpoint('https://acme.logto.app/oidc/', 'inspect', false) // 'https://acme.logto.app'
 * ```
 */
export function parseEndpoint(value: string, command: string, allowInsecureHttp: boolean): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UsageError(`--endpoint must be an http(s) URL such as https://<tenant>.logto.app`, command);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !loopbackHosts.has(url.hostname)) {
    throw new UsageError(
      '--endpoint must use https: (http: only for localhost, 127.0.0.1 and ::1, or with --allow-insecure-http)',
      command,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError('--endpoint must not contain a query or a fragment', command);
  }
  return url.href.replace(/\/+$/, '').replace(/\/oidc$/, '');
}
