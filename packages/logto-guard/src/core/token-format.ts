/**
 * Facts of Logto's access-token format, written once for the core, the testing kit, the CLI and the dev
 * issuer.
 *
 * @module
 */

/**
 * The `aud` prefix of Logto organization tokens: `urn:logto:organization:<organization id>`. A prefix
 * match tells the kind of token only: it does NOT authorize anything (`organizationPermissions` compares
 * the whole audience with the request's organization).
 *
 * @example
 * ```ts
 * aud.startsWith(ORGANIZATION_AUDIENCE_PREFIX) // an organization token
 * ```
 */
export const ORGANIZATION_AUDIENCE_PREFIX = 'urn:logto:organization:';

/**
 * The audience an organization token carries for organization `id`. Does NOT check `id`.
 *
 * @example
 * ```ts
 * organizationAudience('org-1') // 'urn:logto:organization:org-1'
 * ```
 */
export const organizationAudience = (id: string): string => `${ORGANIZATION_AUDIENCE_PREFIX}${id}`;

/**
 * The JOSE header `typ` of a JWT access token (RFC 9068 §2.1), as Logto sets it. Does NOT cover the
 * full media type `application/at+jwt`, which verifiers also accept (see {@link ACCESS_TOKEN_TYPES}).
 *
 * @example
 * ```ts
 * new SignJWT(claims).setProtectedHeader({ alg: 'ES384', typ: ACCESS_TOKEN_TYPE })
 * ```
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Every `typ` value RFC 9068 accepts for an access token, in lower case: `at+jwt` and its full media type
 * `application/at+jwt`. Compare case-insensitively. Does NOT include `JWT`: ID tokens carry that.
 *
 * @example
 * ```ts
 * ACCESS_TOKEN_TYPES.includes(String(header.typ).toLowerCase())
 * ```
 */
export const ACCESS_TOKEN_TYPES: readonly string[] = Object.freeze([
  ACCESS_TOKEN_TYPE,
  `application/${ACCESS_TOKEN_TYPE}`,
]);
