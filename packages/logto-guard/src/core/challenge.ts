/**
 * The `WWW-Authenticate: Bearer` challenge (RFC 6750 §3).
 *
 * @module
 */

// A quoted-string (RFC 9110 §5.6.4) may hold any visible character, but `"` and `\` must be escaped as
// quoted-pairs or the client's parser ends the value early: a scope named `a"b` would otherwise inject a
// parameter. Control characters cannot be represented at all, so they are dropped.
function quote(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/["\\]/g, '\\$&')}"`;
}

/** Parameters of a Bearer challenge; undefined ones are left out. */
export interface ChallengeParams {
  realm: string;
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined;
  errorDescription?: string | undefined;
  /** Scopes needed, space-separated in `scope="..."`. */
  scope?: readonly string[] | undefined;
  /** RFC 9728 §5.1: URL of the protected-resource metadata, in `resource_metadata="..."`. */
  resourceMetadata?: string | undefined;
}

/**
 * Builds the header value, e.g. `Bearer realm="api", error="insufficient_scope", scope="read:products"`.
 *
 * @example
 * ```ts
 * bearerChallenge({ realm: 'api' }) // 'Bearer realm="api"'
 * ```
 */
export function bearerChallenge(params: ChallengeParams): string {
  const parts = [`realm=${quote(params.realm)}`];
  if (params.error !== undefined) parts.push(`error=${quote(params.error)}`);
  if (params.errorDescription !== undefined)
    parts.push(`error_description=${quote(params.errorDescription)}`);
  if (params.scope !== undefined && params.scope.length > 0)
    parts.push(`scope=${quote(params.scope.join(' '))}`);
  if (params.resourceMetadata !== undefined)
    parts.push(`resource_metadata=${quote(params.resourceMetadata)}`);
  return `Bearer ${parts.join(', ')}`;
}
