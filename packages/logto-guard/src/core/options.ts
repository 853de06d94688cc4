/**
 * Guard options: what users pass to `createGuard`, checked once, turned into a resolved configuration.
 *
 * @module
 */
import { LogtoGuardConfigError } from './errors.js';
import type { FailureEvent } from './failure-event.js';
import {
  checkKnownKeys,
  checkObject,
  fail,
  headerText,
  optionalBoolean,
  stringList,
} from './option-checks.js';
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
  /**
   * Accepted issuer(s) (`https://<tenant>.logto.app/oidc`), compared exactly. Default `<endpoint>/oidc`.
   * With `endpoint`, they are domains of that one tenant (custom domains) and share its keys; without it,
   * each is its own tenant with its own key set, found by its own discovery.
   */
  issuer?: string | readonly string[];
  /**
   * JWKS URI, to skip discovery: one for every issuer, or one per issuer (`{ [issuer]: uri }`).
   * Default: read from `<issuer>/.well-known/openid-configuration` on first use.
   */
  jwksUri?: string | Readonly<Record<string, string>>;
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
  /**
   * Called once for every 401, 403, 500 and 503 `guard.check` answers, and for every key-set entry that
   * was skipped, with a plain object safe to log (never the token). What it throws is ignored, and so is
   * the rejection of the promise an `async` hook returns.
   */
  onFailure?: (event: FailureEvent) => void;
}

/**
 * `hook`, minus the rejection of the promise an `async` hook returns: unhandled, it would end the Node
 * process (a metrics or log sink that is down must not take the API with it). What it throws at once is
 * caught where it is called.
 */
function quietHook(hook: (event: FailureEvent) => void): (event: FailureEvent) => void {
  return (event) => {
    const result = hook(event) as unknown as PromiseLike<unknown> | undefined;
    if (typeof result?.then === 'function') result.then(undefined, () => {});
  };
}

/**
 * Every key of {@link GuardOptions}; any other key is refused. The `satisfies` clause and the type test
 * keep it equal to the interface.
 */
export const GUARD_OPTION_KEYS = [
  'endpoint',
  'issuer',
  'jwksUri',
  'audience',
  'algorithms',
  'requireAccessTokenType',
  'clockTolerance',
  'jwksCacheMaxAge',
  'jwksCooldown',
  'fetchTimeout',
  'tokenCache',
  'allowInsecureHttp',
  'realm',
  'debug',
  'fetch',
  'now',
  'onFailure',
  'resourceMetadata',
] as const satisfies readonly (keyof GuardOptions)[];

/** Where the key set comes from. */
export type KeySource = { kind: 'jwks'; uri: string } | { kind: 'discovery'; url: string; issuer: string };

/** One key set and the issuers whose tokens it verifies. */
export interface IssuerKeys {
  issuers: readonly string[];
  source: KeySource;
}

/** Options after validation and defaults; internal to the core. */
export interface ResolvedOptions {
  issuers: readonly string[];
  /** The key set of the first issuer (the only one, for a single tenant). */
  keySource: KeySource;
  /** Every key set, each with the issuers it serves; a token's `iss` picks one. */
  keySources: readonly IssuerKeys[];
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
  onFailure: ((event: FailureEvent) => void) | undefined;
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
  checkKnownKeys(options, ['maxEntries', 'maxAge'], 'tokenCache.');
  const maxEntries = duration('tokenCache.maxEntries', options.maxEntries, 10_000, 1, 10_000_000);
  if (!Number.isInteger(maxEntries)) fail('tokenCache.maxEntries', 'must be a whole number');
  return { maxEntries, maxAge: duration('tokenCache.maxAge', options.maxAge, 300, 0, 86_400) };
}

// Logto's issuer is always `<endpoint>/oidc`; pasting one where the other belongs is the usual mistake.
const OIDC_SUFFIX = /\/oidc\/*$/;

function resolveEndpoint(value: unknown, allowInsecureHttp: boolean): string | undefined {
  if (value === undefined) return undefined;
  const endpoint = checkUrl('endpoint', value, allowInsecureHttp).replace(/\/+$/, '');
  if (OIDC_SUFFIX.test(endpoint)) {
    fail(
      'endpoint',
      `is the Logto endpoint without "/oidc": write endpoint: "${endpoint.replace(OIDC_SUFFIX, '')}" (the issuer is then "${endpoint}"), or issuer: "${endpoint}"`,
    );
  }
  return endpoint;
}

function resolveIssuers(value: unknown, allowInsecureHttp: boolean): string[] {
  return stringList('issuer', value).map((issuer) => {
    checkUrl('issuer', issuer, allowInsecureHttp);
    if (!OIDC_SUFFIX.test(issuer) || issuer.endsWith('/')) {
      fail(
        'issuer',
        `must be a Logto issuer, "<endpoint>/oidc" exactly as tokens carry it in "iss": got "${issuer}"; write issuer: "${issuer.replace(/\/+$/, '')}/oidc", or endpoint: "${issuer.replace(/\/+$/, '')}"`,
      );
    }
    return issuer;
  });
}

function discovery(issuer: string): KeySource {
  return { kind: 'discovery', url: `${issuer}/.well-known/openid-configuration`, issuer };
}

/**
 * Which key set verifies which issuer: with `endpoint`, one (its discovery, or `jwksUri`) for every issuer,
 * as custom domains of one tenant share their keys; without it, one per issuer.
 */
function resolveKeySources(
  endpoint: string | undefined,
  issuers: readonly string[],
  jwksUri: unknown,
  allowInsecureHttp: boolean,
): IssuerKeys[] {
  if (typeof jwksUri === 'string' || (jwksUri === undefined && endpoint !== undefined)) {
    const source: KeySource =
      jwksUri === undefined
        ? discovery(`${endpoint}/oidc`)
        : { kind: 'jwks', uri: checkUrl('jwksUri', jwksUri, allowInsecureHttp) };
    return [{ issuers, source }];
  }
  if (jwksUri === undefined)
    return issuers.map((issuer) => ({ issuers: [issuer], source: discovery(issuer) }));
  checkObject('jwksUri', jwksUri);
  checkKnownKeys(jwksUri as object, issuers, 'jwksUri.');
  return issuers.map((issuer) => {
    const uri = (jwksUri as Record<string, unknown>)[issuer];
    return {
      issuers: [issuer],
      source:
        uri === undefined
          ? discovery(issuer)
          : { kind: 'jwks', uri: checkUrl(`jwksUri.${issuer}`, uri, allowInsecureHttp) },
    };
  });
}

function requireEssentials(options: Partial<GuardOptions>): void {
  const missing: string[] = [];
  if (options.audience === undefined) missing.push('`audience` (the API resource indicator of this API)');
  if (options.endpoint === undefined && options.issuer === undefined) {
    missing.push('`endpoint` (e.g. "https://<tenant>.logto.app") or `issuer`');
  }
  if (missing.length === 0) return;
  const option = options.audience === undefined ? 'audience' : 'endpoint';
  throw new LogtoGuardConfigError(option, '', `createGuard options need ${missing.join(' and ')}`);
}

// RFC 9728 §5.1: the metadata URL a client is pointed to. It is never fetched by the guard, so http: is
// accepted anywhere (a demo on a LAN address); which URLs to trust is the client's decision.
function resolveResourceMetadata(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value)) fail('resourceMetadata', 'must be an absolute URL');
  const url = new URL(value);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hash !== '') {
    fail('resourceMetadata', 'must be an https: or http: URL without a fragment');
  }
  // It goes into the WWW-Authenticate header: an unencoded character above U+007F would break it.
  return headerText('resourceMetadata', value);
}

/**
 * Checks every option and applies the defaults. Throws `LogtoGuardConfigError` naming the first
 * wrong option (an unknown key included). Does NOT contact the network: discovery happens on first use.
 */
export function resolveOptions(options: GuardOptions | undefined): ResolvedOptions {
  if (options === undefined) requireEssentials({});
  checkObject('', options, 'createGuard options');
  const given = options as GuardOptions;
  checkKnownKeys(given, GUARD_OPTION_KEYS);
  requireEssentials(given);
  const allowInsecureHttp = optionalBoolean('allowInsecureHttp', given.allowInsecureHttp, false);
  const endpoint = resolveEndpoint(given.endpoint, allowInsecureHttp);
  const issuers =
    given.issuer === undefined ? [`${endpoint}/oidc`] : resolveIssuers(given.issuer, allowInsecureHttp);
  const keySources = resolveKeySources(endpoint, issuers, given.jwksUri, allowInsecureHttp);
  const fetchImpl = given.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('fetch', 'must be a fetch function');
  const now = given.now ?? Date.now;
  if (typeof now !== 'function') fail('now', 'must be a function returning milliseconds since the epoch');
  if (given.onFailure !== undefined && typeof given.onFailure !== 'function') {
    fail('onFailure', 'must be a function (event) => void');
  }
  const fetchTimeout = duration('fetchTimeout', given.fetchTimeout, 5_000, 1, 60_000);
  if (fetchTimeout < 100) {
    fail(
      'fetchTimeout',
      `is in milliseconds: ${fetchTimeout} means ${fetchTimeout} ms; for seconds write ${fetchTimeout * 1000}`,
    );
  }
  return {
    issuers,
    keySource: (keySources[0] as IssuerKeys).source,
    keySources,
    audiences: stringList('audience', given.audience),
    algorithms: resolveAlgorithms(given.algorithms),
    requireAccessTokenType: optionalBoolean('requireAccessTokenType', given.requireAccessTokenType, true),
    clockTolerance: duration('clockTolerance', given.clockTolerance, 5, 0, 60),
    jwksCacheMaxAge: duration('jwksCacheMaxAge', given.jwksCacheMaxAge, 600_000, 0, 86_400_000),
    jwksCooldown: duration('jwksCooldown', given.jwksCooldown, 1_000, 0, 3_600_000),
    fetchTimeout,
    tokenCache: resolveTokenCache(given.tokenCache),
    allowInsecureHttp,
    realm: given.realm === undefined ? 'api' : headerText('realm', given.realm),
    debug: optionalBoolean('debug', given.debug, false),
    fetch: fetchImpl,
    now,
    onFailure: given.onFailure && quietHook(given.onFailure),
    resourceMetadata: resolveResourceMetadata(given.resourceMetadata),
  };
}
