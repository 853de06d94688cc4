/**
 * The checks every configuration entry point shares (guard options, policies, adapters): one `fail`, one
 * unknown-key rule, one list-of-strings rule, one scope-name rule, one header-value rule.
 *
 * @module
 */
import { LogtoGuardConfigError } from './errors.js';

/** Throws the {@link LogtoGuardConfigError} for `option`, saying what was `expected`. */
export function fail(option: string, expected: string): never {
  throw new LogtoGuardConfigError(option, expected);
}

/**
 * Fails unless `value` is an object. `option` names it as a path (`tokenCache`); `''` is the options
 * object itself, which `label` names in the message (`createGuard options`).
 */
export function checkObject(option: string, value: unknown, label = 'options'): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (option === '') throw new LogtoGuardConfigError('', '', `${label} must be an object`);
    fail(option, 'must be an object');
  }
}

/**
 * Names users bring from other libraries, mapped to what we call them: auth0's `issuerBaseURL`, jose's
 * `cooldownDuration`, the JWT claim names, and the usual misspellings of `jwksUri`.
 */
const PEER_NAMES: Readonly<Record<string, string>> = {
  issuerBaseURL: 'endpoint',
  issuerBaseUrl: 'endpoint',
  baseUrl: 'endpoint',
  url: 'endpoint',
  iss: 'issuer',
  issuers: 'issuer',
  aud: 'audience',
  audiences: 'audience',
  resource: 'audience',
  jwksUrl: 'jwksUri',
  jwksURL: 'jwksUri',
  jwksURI: 'jwksUri',
  jwks_uri: 'jwksUri',
  jwksEndpoint: 'jwksUri',
  tokenSigningAlg: 'algorithms',
  alg: 'algorithms',
  algorithm: 'algorithms',
  clockSkew: 'clockTolerance',
  leeway: 'clockTolerance',
  timeout: 'fetchTimeout',
  timeoutDuration: 'fetchTimeout',
  cacheMaxAge: 'jwksCacheMaxAge',
  cooldownDuration: 'jwksCooldown',
  scope: 'scopes',
  scp: 'scopes',
  permissions: 'scopes',
  requiredScopes: 'scopes',
  organization_id: 'organizationId',
  orgId: 'organizationId',
  organization: 'organizationId',
};

// Levenshtein distance, case-insensitive: `clockTolerence` is 1 from `clockTolerance`.
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[y.length] as number;
}

/**
 * The known name `key` most likely means: a peer library's name for it, else a name one or two edits
 * away (`resourceNam` → `resourceName`), else a name it abbreviates or extends, else the nearest spelling.
 */
export function nearestOption(key: string, known: readonly string[]): string | undefined {
  const peer = PEER_NAMES[key];
  if (peer !== undefined && known.includes(peer)) return peer;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const d = distance(key, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= 2) return best;
  // One name abbreviating the other (`algorithm` for `alg`, `org` for `organizationId`).
  const lower = key.toLowerCase();
  const abbreviated = known.find((name) => {
    const other = name.toLowerCase();
    return Math.min(lower.length, other.length) >= 3 && (lower.startsWith(other) || other.startsWith(lower));
  });
  if (abbreviated !== undefined) return abbreviated;
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Fails on the first own key of `value` that is not in `known`, naming it and the nearest known one
 * ("unknown option `scope`; did you mean `scopes`?"): a misspelled option must never be ignored, since an
 * ignored `scope` is a route that requires nothing. `path` prefixes nested options (`tokenCache.`).
 */
export function checkKnownKeys(value: object, known: readonly string[], path = ''): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const nearest = nearestOption(key, known);
    const hint =
      nearest === undefined ? `known options: ${known.join(', ')}` : `did you mean \`${path}${nearest}\`?`;
    throw new LogtoGuardConfigError(`${path}${key}`, '', `unknown option \`${path}${key}\`; ${hint}`);
  }
}

/** A non-empty string or a non-empty array of non-empty strings, as a list. */
export function stringList(option: string, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    fail(option, 'must be a non-empty string or array of strings');
  }
  for (const item of list) {
    if (typeof item !== 'string' || item === '') fail(option, 'must contain only non-empty strings');
  }
  return [...list];
}

/** `undefined` or a boolean. */
export function optionalBoolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(option, 'must be a boolean');
  return value;
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), printable ASCII without space, `"`, `\`.
// A name outside it cannot be granted by a conforming server, and cannot be written into the
// `WWW-Authenticate` challenge's `scope="..."` (Node refuses header characters above U+00FF).
const scopeToken = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Permission names as a route requires them: an array (absent: none) of RFC 6749 scope tokens (printable
 * ASCII, no spaces, `"` or `\`), since the `scope` claim is space-separated and the names go into the
 * challenge.
 */
export function scopeNames(value: unknown, option = 'scopes'): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) fail(option, 'must be an array of permission names');
  for (const scope of value) {
    if (typeof scope !== 'string' || !scopeToken.test(scope)) {
      fail(
        option,
        `must contain permission names of printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3), got ${JSON.stringify(scope)}`,
      );
    }
  }
  return Object.freeze([...value]);
}

/**
 * A value written into a response header's quoted-string (`realm`): non-empty, printable ASCII and spaces
 * only. Characters above U+00FF (`—`, `文`) make Node refuse the header, and obs-text (U+0080–U+00FF) is
 * read differently by different clients, so both are refused here rather than failing per request.
 */
export function headerText(option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[\x20-\x7e]+$/.test(value)) {
    fail(
      option,
      `must be a non-empty string of printable ASCII (it goes into the WWW-Authenticate header), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
