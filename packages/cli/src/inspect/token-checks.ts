/**
 * The checks of the token itself, explained from its decoded (untrusted) values: format, algorithm,
 * `typ`, issuer, expiry, claim types. The core gives the verdict; these rows say what it looked at.
 *
 * @module
 */
import { describeExpiry, formatDuration } from '../format-duration.js';
import { type DecodedToken, isAccessTokenType, looksLikeIdToken } from './decode-token.js';
import type { Check, ModelName } from './diagnosis.js';

/** What every check reads: the decoded token and the flags. */
export interface CheckContext {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Accepted issuers; empty when none was given (decode only). */
  issuers: readonly string[];
  /** Accepted `alg` values. */
  algorithms: readonly string[];
  /** Seconds. */
  clockTolerance: number;
  /** Seconds since the epoch. */
  now: number;
  /** `--audience` values. */
  audiences: readonly string[];
  /** `--organization`. */
  organization: string | undefined;
  /** `--scope` values, split. */
  scopes: readonly string[];
  model: ModelName;
  modelSource: 'flag' | 'flags' | 'token';
}

const requestWithResource = 'request the token with resource=<your API indicator>';
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Whether the input is a JWT at all, and if not, what it is: an opaque access token (the classic
 * mistake of a token request without `resource`), a JWE, or something else.
 */
export function formatCheck(decoded: DecodedToken): Check {
  const name = 'format';
  switch (decoded.kind) {
    case 'jwt':
      return { name, status: 'pass', detail: 'JWT (signed, compact: header.payload.signature)' };
    case 'opaque':
      return {
        name,
        status: 'fail',
        detail: `this looks like an opaque access token (${decoded.reason})`,
        hint: `Logto issues opaque tokens when the token request names no API resource: ${requestWithResource} (SDKs: list the API in \`resources\` and call getAccessToken(<indicator>))`,
      };
    case 'encrypted':
      return {
        name,
        status: 'fail',
        detail: decoded.reason,
        hint: 'Logto access tokens are signed JWTs, never encrypted: this token comes from another issuer',
      };
    case 'malformed':
      return {
        name,
        status: 'fail',
        detail: decoded.reason,
        hint: 'pass the access token itself: the access_token field of the token response',
      };
  }
}

/** `alg` is one Logto signs with (never `none` or HS*), `kid` is present, no `crit`. */
export function algorithmCheck({ header, algorithms }: CheckContext): Check {
  const name = 'algorithm';
  const alg = String(header.alg);
  const logto = `Logto signs with ${algorithms.join(', ')} (ES384 by default)`;
  if (alg === 'none') {
    return {
      name,
      status: 'fail',
      detail: 'alg "none": an unsigned token',
      hint: `never accepted; ${logto}`,
    };
  }
  if (alg.startsWith('HS')) {
    return {
      name,
      status: 'fail',
      detail: `alg ${alg}: a shared-secret signature`,
      hint: `never accepted; ${logto}`,
    };
  }
  if (!algorithms.includes(alg)) {
    return { name, status: 'fail', detail: `alg ${alg} is not accepted`, hint: logto };
  }
  if (header.crit !== undefined) {
    return {
      name,
      status: 'fail',
      detail: 'the "crit" header is not supported',
      hint: 'Logto never sets it',
    };
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    return {
      name,
      status: 'fail',
      detail: `alg ${alg}, but no "kid"`,
      hint: 'Logto always names the signing key (kid): this token does not come from Logto',
    };
  }
  return { name, status: 'pass', detail: `${alg}, kid ${header.kid}` };
}

/** `typ` is `at+jwt` (RFC 9068); an ID token is named as such. */
export function typCheck({ header, claims }: CheckContext): Check {
  const name = 'typ';
  if (isAccessTokenType(header))
    return { name, status: 'pass', detail: `${String(header.typ)} (an access token)` };
  const typ = header.typ === undefined ? 'no `typ`' : `typ ${String(header.typ)}`;
  if (looksLikeIdToken(header, claims)) {
    return {
      name,
      status: 'fail',
      detail: `${typ}: this is an ID token, not an access token`,
      hint: `an ID token tells the client app (aud ${String(claims.aud)}) who signed in; APIs need an access token: ${requestWithResource}`,
    };
  }
  return {
    name,
    status: 'fail',
    detail: header.typ === undefined ? 'no `typ` (an access token has typ at+jwt)' : `${typ} is not at+jwt`,
    hint: 'Logto types every JWT access token at+jwt (RFC 9068): this is not a Logto access token',
  };
}

function issuerHint(iss: string, issuers: readonly string[]): string {
  const token = URL.canParse(iss) ? new URL(iss) : undefined;
  const accepted = issuers.filter((issuer) => URL.canParse(issuer)).map((issuer) => new URL(issuer));
  if (token && accepted.some((url) => url.pathname === token.pathname && url.host !== token.host)) {
    return `issuer from another domain (${token.host}): if it is a custom domain of your tenant, add it with --issuer ${iss} (custom domains change iss; the keys stay the same)`;
  }
  if (issuers.some((issuer) => `${issuer}/oidc` === iss)) {
    return `the issuer is <endpoint>/oidc: pass --issuer ${iss}, or the endpoint with --endpoint`;
  }
  return 'the token comes from another Logto tenant or issuer: check --endpoint';
}

/** `iss` is one of the accepted issuers, compared exactly. */
export function issuerCheck({ claims, issuers }: CheckContext): Check {
  const name = 'issuer';
  const iss = claims.iss;
  if (typeof iss !== 'string') return { name, status: 'fail', detail: 'no "iss" claim' };
  if (issuers.length === 0) {
    return {
      name,
      status: 'skip',
      detail: `not compared: the token names ${iss}`,
      hint: 'pass --endpoint <your Logto endpoint> (or --issuer) to verify the token',
    };
  }
  if (issuers.includes(iss)) return { name, status: 'pass', detail: iss };
  return {
    name,
    status: 'fail',
    detail: `${iss} is not accepted (accepted: ${issuers.join(', ')})`,
    hint: issuerHint(iss, issuers),
  };
}

/** `exp` is in the future, `iat` and `nbf` are not, all within the clock tolerance. */
export function expiryCheck({ claims, now, clockTolerance }: CheckContext): Check {
  const name = 'expiry';
  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number') return { name, status: 'fail', detail: 'no numeric "exp" claim' };
  if (exp <= now - clockTolerance) {
    return {
      name,
      status: 'fail',
      detail: `${describeExpiry(exp, now)} (${iso(exp)}), beyond the clock tolerance of ${clockTolerance} s`,
      hint: 'a JWT access token cannot be extended: request a new one (SDKs refresh it for you)',
    };
  }
  const start = [iat, nbf].find((time) => typeof time === 'number' && time > now + clockTolerance);
  if (typeof start === 'number') {
    return {
      name,
      status: 'fail',
      detail: `valid only from ${iso(start)}, in ${formatDuration(start - now)}`,
      hint: "this machine's clock and the issuer's disagree: check both",
    };
  }
  if (exp <= now) {
    // Accepted only because clocks may disagree: say so, and how long it has left.
    return {
      name,
      status: 'pass',
      detail: `${describeExpiry(exp, now)} (${iso(exp)}), accepted within the clock tolerance of ${clockTolerance} s`,
      hint: `refused in ${formatDuration(exp + clockTolerance - now)}: request a new token`,
    };
  }
  return { name, status: 'pass', detail: `${describeExpiry(exp, now)} (${iso(exp)})` };
}

/** `sub`, `client_id` are strings; `aud`, `scope`, `organization_id` have the right types. */
export function claimsCheck({ claims }: CheckContext): Check {
  const name = 'claims';
  const problems = [
    typeof claims.sub === 'string' ? undefined : '"sub" is not a string',
    typeof claims.client_id === 'string' ? undefined : 'no "client_id"',
    typeof claims.aud === 'string' || Array.isArray(claims.aud) ? undefined : 'no "aud"',
    claims.scope === undefined || typeof claims.scope === 'string' ? undefined : '"scope" is not a string',
    claims.organization_id === undefined || typeof claims.organization_id === 'string'
      ? undefined
      : '"organization_id" is not a string',
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) {
    return {
      name,
      status: 'fail',
      detail: problems.join('; '),
      hint: 'every Logto access token carries sub, client_id and aud',
    };
  }
  const machine = claims.sub === claims.client_id ? ' (machine-to-machine: sub is the client id)' : '';
  return { name, status: 'pass', detail: `sub ${claims.sub}, client_id ${claims.client_id}${machine}` };
}
