import type { ConfigIssue } from '../errors.js';

/**
 * A config object being checked.
 *
 * @example
 * ```ts
 * const fields: Fields | undefined = check.object(input, '$', ['resources', 'applications']);
 * ```
 */
export type Fields = Record<string, unknown>;

/**
 * Collects issues with their path while walking a config (internal to the package).
 *
 * @example
 * ```ts
 * const check = new Checker();
 * const name = check.string(input.name, 'roles[0].name', true);
 * if (check.issues.length > 0) console.error(check.issues);
 * ```
 */
export class Checker {
  readonly issues: ConfigIssue[] = [];

  report(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** An object with only the listed keys; reports and returns undefined otherwise. */
  object(value: unknown, path: string, allowed: readonly string[]): Fields | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report(path, `expected an object, got ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.report(join(path, key), `unknown field (allowed: ${allowed.join(', ')})`);
      }
    }
    return value as Fields;
  }

  /** An array (undefined allowed when not required). */
  array(value: unknown, path: string, required: boolean): readonly unknown[] {
    if (value === undefined) {
      if (required) this.report(path, 'missing required field');
      return [];
    }
    if (!Array.isArray(value)) {
      this.report(path, `expected an array, got ${describe(value)}`);
      return [];
    }
    return value;
  }

  /** A non-empty string (undefined allowed when not required). */
  string(value: unknown, path: string, required: boolean): string | undefined {
    if (value === undefined) {
      if (required) this.report(path, 'missing required field');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.report(path, `expected a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** A non-empty string without whitespace: a permission, id or role name. */
  token(value: unknown, path: string): string | undefined {
    const text = this.string(value, path, true);
    if (text !== undefined && /\s/.test(text)) {
      this.report(path, `must not contain whitespace: ${JSON.stringify(text)}`);
      return undefined;
    }
    return text;
  }

  /** An absolute URI without fragment: an API resource indicator. */
  indicator(value: unknown, path: string): string | undefined {
    const indicator = this.string(value, path, true);
    if (indicator === undefined) return undefined;
    if (!URL.canParse(indicator) || indicator.includes('#')) {
      this.report(path, `must be an absolute URI without fragment: ${JSON.stringify(indicator)}`);
      return undefined;
    }
    return indicator;
  }

  /** A list of names (tokens), each unique: the permissions an API resource defines. */
  uniqueTokens(value: unknown, path: string, required: boolean, what: string): string[] {
    const seen = new Set<string>();
    return this.array(value, path, required).flatMap((item, i) => {
      const name = this.token(item, join(path, i));
      this.unique(seen, name, join(path, i), what);
      return name === undefined ? [] : [name];
    });
  }

  /** A list of references to declared names (roles, permissions), deduplicated. */
  references(value: unknown, path: string, known: ReadonlySet<string>, what: string): string[] {
    const names = this.array(value, path, false).flatMap((item, i) => {
      const name = this.token(item, join(path, i));
      return this.known(known, name, join(path, i), what) ? [name!] : [];
    });
    return [...new Set(names)];
  }

  /** Reports a value already seen in a list of unique values. */
  unique(seen: Set<string>, value: string | undefined, path: string, what: string): void {
    if (value === undefined) return;
    if (seen.has(value)) this.report(path, `duplicate ${what} ${JSON.stringify(value)}`);
    seen.add(value);
  }

  /** Reports a reference to something not declared. */
  known(known: ReadonlySet<string>, value: string | undefined, path: string, what: string): boolean {
    if (value === undefined) return false;
    if (known.has(value)) return true;
    const list = known.size === 0 ? 'none declared' : `known: ${[...known].join(', ')}`;
    this.report(path, `unknown ${what} ${JSON.stringify(value)} (${list})`);
    return false;
  }
}

/**
 * Appends a key or index to a path: `join('roles', 0)` is `roles[0]`.
 *
 * @example
 * ```ts
 * join(join('applications', 1), 'roles'); // 'applications[1].roles'
 * ```
 */
export const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

/**
 * Names the type of a value for messages.
 *
 * @example
 * ```ts
 * describe([]); // 'an array'
 * ```
 */
export const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
