/**
 * The `scope` claim: a space-separated list of exact permission names (RFC 9068 §2.2.3, RFC 6749 §3.3).
 *
 * @module
 */

/** How a route's required scopes are matched: every one of them (default), or at least one. */
export type ScopeMatch = 'all' | 'any';

/**
 * Splits a `scope` claim value into its names. `undefined` (claim absent) and `""` both mean no scopes.
 * Returns `undefined` for any other type, which the verifier treats as an invalid token. Does NOT
 * check the names against anything, nor drop duplicates.
 *
 * @example
 * ```ts
 * parseScope('read:products write:orders') // ['read:products', 'write:orders']
 * parseScope(undefined)                    // []
 * parseScope(['read'])                     // undefined (not a string)
 * ```
 */
export function parseScope(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (typeof value !== 'string') return undefined;
  if (value === '') return [];
  const names = value.split(' ');
  // Drop the empty names of repeated, leading or trailing spaces in place: a token's scope is usually
  // single-spaced, so this is one pass without a second array.
  let kept = 0;
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i] as string;
    if (name !== '') names[kept++] = name;
  }
  if (kept !== names.length) names.length = kept;
  return names;
}

/**
 * Whether `granted` satisfies `required`. Names are compared exactly: `read` does NOT match
 * `read:products`, and there is no prefix, wildcard or case folding. An empty `required` always passes.
 *
 * @example
 * ```ts
 * hasScopes(new Set(['read:products']), ['read'], 'all') // false
 * ```
 */
export function hasScopes(
  granted: ReadonlySet<string>,
  required: readonly string[],
  match: ScopeMatch,
): boolean {
  if (required.length === 0) return true;
  // A plain loop: this runs on every request, cached token or not.
  const all = match === 'all';
  for (let i = 0; i < required.length; i += 1) {
    if (granted.has(required[i] as string) !== all) return !all;
  }
  return all;
}
