/**
 * The `--scope` flag: repeatable, and each value may hold several space-separated names.
 *
 * @module
 */
/**
 * Splits repeated and space-separated `--scope` values into permission names.
 *
 * @example
 * ```ts
 * splitScopes(['read:a write:b', 'read:c']) // ['read:a', 'write:b', 'read:c']
 * ```
 */
export function splitScopes(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(/\s+/)).filter((name) => name !== '');
}
