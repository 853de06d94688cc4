/**
 * Guard options: what users pass to `createGuard`, checked once, turned into a resolved configuration.
 *
 * @module
 */
import { checkObject, fail, optionalBoolean, stringList } from './option-checks.js';
import { isAllowedUrl } from './url-policy.js';

/** Asymmetric JWS algorithms a guard can accept. `none` and `HS*` are not in it and can never be. */
export type AccessTokenAlgorithm =
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'EdDSA';

const supportedAlgorithms: ReadonlySet<string> = new Set<AccessTokenAlgorithm>([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
]);

/**
 * The algorithms Logto signs with (its OIDC provider's enabled list); ES384 is Logto's default, and the
 * guard's default `algorithms`. Does NOT include `EdDSA` or `RS384`/`RS512`, which Logto never uses.
 *
 * @example
 * ```ts
 * createGuard({ endpoint, audience, algorithms: LOGTO_ALGORITHMS.filter((alg) => alg.startsWith('ES')) })
 * ```
 */
export const LOGTO_ALGORITHMS: readonly AccessTokenAlgorithm[] = [
  'ES384',
  'ES256',
  'ES512',
  'RS256',
  'PS256',
];

/** Bounds of the cache of verified tokens. */
export interface TokenCacheOptions {
  /** Most tokens kept; the least recently used is evicted first. Default 10 000. */
  maxEntries?: number;
  /** Longest time, in seconds, a verified token is reused without checking its signature again. Default 300. */
  maxAge?: number;
}

/** Options of {@link createGuard}. Every duration says its unit: JWT times in seconds, timers in milliseconds. */
export interface GuardOptions {
  /** Logto endpoint, e.g. `https://<tenant>.logto.app`: issuer `<endpoint>/oidc`, keys found by discovery. */
  endpoint?: string;
  /** Accepted issuer(s), compared exactly; several for custom domains. Default `<endpoint>/oidc`. */
  issuer?: string | readonly string[];
  /** JWKS URI. Default: read from `<issuer>/.well-known/openid-configuration` on first use. */
  jwksUri?: string;
  /** The API resource indicator(s) of this API (global and organization-level API resource models). */
  audience: string | readonly string[];
  /** Accepted signature algorithms. Default {@link LOGTO_ALGORITHMS}. */
  algorithms?: readonly AccessTokenAlgorithm[];
  /** Require the header `typ` to be `at+jwt` (RFC 9068). Default true; false only for issuers that omit it. */
  requireAccessTokenType?: boolean;
  /** Leeway in seconds for `exp`, `nbf` and `iat`. Default 5, at most 60. */
  clockTolerance?: number;
  /** How long in milliseconds a fetched key set is used before it is refreshed in the background. Default 600 000. */
  jwksCacheMaxAge?: number;
  /**
   * Least time in milliseconds between the starts of two key-set fetches, whatever caused them (an
   * unknown `kid`, a stale key set). Default 1 000: at most one fetch per second per guard, and a key
   * Logto just published is accepted within about a second even while made-up `kid`s flood in.
   */
  jwksCooldown?: number;
  /** Longest wait in milliseconds for the key set or discovery document. Default 5 000. */
  fetchTimeout?: number;
  /** Cache of verified tokens (see README "Token cache"). `false` turns it off. */
  tokenCache?: TokenCacheOptions | false;
  /** Accept `http:` issuer and JWKS URLs on hosts other than loopback. Default false. */
  allowInsecureHttp?: boolean;
  /** `realm` of the `WWW-Authenticate` challenge. Default `api`. */
  realm?: string;
  /** Put the failing check (`code`, `detail`) into error bodies. For development only. Default false. */
  debug?: boolean;
  /**
   * URL of this API's protected-resource metadata (RFC 9728), e.g.
   * `https://api.example.com/.well-known/oauth-protected-resource`: every `WWW-Authenticate` challenge
   * then carries `resource_metadata="<url>"` (RFC 9728 §5.1), so clients such as MCP clients find the
   * authorization server. Default: none.
   */
  resourceMetadata?: string;
  /** The fetch used for discovery and the key set. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Current time in milliseconds since the epoch. Default `Date.now`; tests freeze it. */
  now?: () => number;
}

/** Where the key set comes from. */
export type KeySource = { kind: 'jwks'; uri: string } | { kind: 'discovery'; url: string; issuer: string };

/** Options after validation and defaults; internal to the core. */
export interface ResolvedOptions {
  issuers: readonly string[];
  keySource: KeySource;
  audiences: readonly string[];
  algorithms: readonly AccessTokenAlgorithm[];
  requireAccessTokenType: boolean;
  clockTolerance: number;
  jwksCacheMaxAge: number;
  jwksCooldown: number;
  fetchTimeout: number;
  tokenCache: Required<TokenCacheOptions> | false;
  allowInsecureHttp: boolean;
  realm: string;
  debug: boolean;
  fetch: typeof fetch;
  now: () => number;
  /** RFC 9728 metadata URL put in every challenge (option `resourceMetadata`). */
  resourceMetadata: string | undefined;
}

function checkUrl(option: string, value: unknown, allowInsecureHttp: boolean): string {
  if (typeof value !== 'string' || value === '') fail(option, 'must be a non-empty URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(option, `must be an absolute URL, got "${value}"`);
  }
  if (!isAllowedUrl(url, allowInsecureHttp)) {
    fail(
      option,
      'must use https: (http: is accepted only for localhost, 127.0.0.1 and ::1 unless allowInsecureHttp)',
    );
  }
  if (url.search !== '' || url.hash !== '') fail(option, 'must not contain a query or a fragment');
  return value;
}

function duration(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(option, `must be a number from ${min} to ${max}`);
  }
  return value;
}

function resolveAlgorithms(value: unknown): AccessTokenAlgorithm[] {
  if (value === undefined) return [...LOGTO_ALGORITHMS];
  if (!Array.isArray(value) || value.length === 0) fail('algorithms', 'must be a non-empty array');
  for (const alg of value) {
    if (typeof alg === 'string' && (alg === 'none' || alg.startsWith('HS'))) {
      fail('algorithms', `must not contain "${alg}": unsigned and symmetric algorithms are never accepted`);
    }
    if (typeof alg !== 'string' || !supportedAlgorithms.has(alg)) {
      fail('algorithms', `contains "${String(alg)}"; supported: ${[...supportedAlgorithms].join(', ')}`);
    }
  }
  return [...value] as AccessTokenAlgorithm[];
}

function resolveTokenCache(value: unknown): Required<TokenCacheOptions> | false {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    fail('tokenCache', 'must be false or an object { maxEntries, maxAge }');
  }
  const options = (value ?? {}) as TokenCacheOptions;
  const maxEntries = duration('tokenCache.maxEntries', options.maxEntries, 10_000, 1, 10_000_000);
  if (!Number.isInteger(maxEntries)) fail('tokenCache.maxEntries', 'must be a whole number');
  return { maxEntries, maxAge: duration('tokenCache.maxAge', options.maxAge, 300, 0, 86_400) };
}

// RFC 9728 §5.1: the metadata URL a client is pointed to. Like the issuer, it must be https: outside
// loopback (a client trusting an http: document could be sent to a forged authorization server).
function resolveResourceMetadata(value: unknown, allowInsecureHttp: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value)) fail('resourceMetadata', 'must be an absolute URL');
  const url = new URL(value);
  if (!isAllowedUrl(url, allowInsecureHttp) || url.hash !== '') {
    fail(
      'resourceMetadata',
      'must be an https: URL (http: only on loopback unless allowInsecureHttp) without a fragment',
    );
  }
  return value;
}

/**
 * Checks every option and applies the defaults. Throws `LogtoGuardConfigError` naming the first
 * wrong option. Does NOT contact the network: discovery happens on first use.
 */
export function resolveOptions(options: GuardOptions): ResolvedOptions {
  checkObject('', options);
  const allowInsecureHttp = optionalBoolean('allowInsecureHttp', options.allowInsecureHttp, false);
  const endpoint =
    options.endpoint === undefined
      ? undefined
      : checkUrl('endpoint', options.endpoint, allowInsecureHttp).replace(/\/+$/, '');
  if (endpoint === undefined && options.issuer === undefined) {
    fail('endpoint', 'or options.issuer is required (e.g. endpoint: "https://<tenant>.logto.app")');
  }
  const issuers =
    options.issuer === undefined
      ? [`${endpoint}/oidc`]
      : stringList('issuer', options.issuer).map((issuer) => checkUrl('issuer', issuer, allowInsecureHttp));
  const primaryIssuer = endpoint === undefined ? (issuers[0] as string) : `${endpoint}/oidc`;
  const keySource: KeySource =
    options.jwksUri === undefined
      ? { kind: 'discovery', url: `${primaryIssuer}/.well-known/openid-configuration`, issuer: primaryIssuer }
      : { kind: 'jwks', uri: checkUrl('jwksUri', options.jwksUri, allowInsecureHttp) };
  if (options.audience === undefined) fail('audience', 'is required: the API resource indicator of this API');
  const realm = options.realm ?? 'api';
  if (typeof realm !== 'string' || realm === '') fail('realm', 'must be a non-empty string');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('fetch', 'must be a fetch function');
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail('now', 'must be a function returning milliseconds since the epoch');
  return {
    issuers,
    keySource,
    audiences: stringList('audience', options.audience),
    algorithms: resolveAlgorithms(options.algorithms),
    requireAccessTokenType: optionalBoolean('requireAccessTokenType', options.requireAccessTokenType, true),
    clockTolerance: duration('clockTolerance', options.clockTolerance, 5, 0, 60),
    jwksCacheMaxAge: duration('jwksCacheMaxAge', options.jwksCacheMaxAge, 600_000, 0, 86_400_000),
    jwksCooldown: duration('jwksCooldown', options.jwksCooldown, 1_000, 0, 3_600_000),
    fetchTimeout: duration('fetchTimeout', options.fetchTimeout, 5_000, 1, 60_000),
    tokenCache: resolveTokenCache(options.tokenCache),
    allowInsecureHttp,
    realm,
    debug: optionalBoolean('debug', options.debug, false),
    fetch: fetchImpl,
    now,
    resourceMetadata: resolveResourceMetadata(options.resourceMetadata, allowInsecureHttp),
  };
}
