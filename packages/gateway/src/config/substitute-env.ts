/**
 * `${NAME}` and `${NAME:-default}` in string values of a parsed rules file, for secrets and URLs.
 *
 * @module
 */

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** A reference to a variable that is not set and has no default. */
export class MissingVariableError extends Error {
  constructor(
    readonly variable: string,
    readonly path: readonly (string | number)[],
  ) {
    super(`environment variable ${variable} is not set (write \${${variable}:-default} for a default)`);
  }
}

/**
 * Returns a copy of `value` where every `${NAME}` inside a string is replaced by `env.NAME`.
 * Substitution runs after parsing, so a value never changes the file's structure; keys are not touched.
 *
 * @throws {MissingVariableError} naming the variable and where it is used.
 */
export function substituteEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(reference, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new MissingVariableError(name, path);
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substituteEnv(item, env, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteEnv(item, env, [...path, key])]),
    );
  }
  return value;
}
