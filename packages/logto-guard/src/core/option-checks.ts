/**
 * The checks every configuration entry point shares (guard options, policies, adapters): one `fail`, one
 * list-of-strings rule, one scope-name rule.
 *
 * @module
 */
import { LogtoGuardConfigError } from './errors.js';

/** Throws the {@link LogtoGuardConfigError} for `option`, saying what was `expected`. */
export function fail(option: string, expected: string): never {
  throw new LogtoGuardConfigError(option, expected);
}

/** Fails unless `value` is an object (the options object itself is named by `option`, `''` for the top). */
export function checkObject(option: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) fail(option, 'must be an object');
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

/**
 * Permission names as a route requires them: an array (absent: none) of non-empty names without spaces,
 * since the `scope` claim is space-separated.
 */
export function scopeNames(value: unknown, option = 'scopes'): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) fail(option, 'must be an array of permission names');
  for (const scope of value) {
    if (typeof scope !== 'string' || scope === '' || /\s/.test(scope)) {
      fail(option, 'must contain non-empty permission names without spaces');
    }
  }
  return Object.freeze([...value]);
}
