/**
 * Error messages for people, with the causes that say what really happened.
 *
 * @module
 */

/**
 * Joins an error's message with those of its `cause` chain (at most four levels), skipping repeats:
 * `fetch failed: connect ECONNREFUSED 127.0.0.1:9`. Never includes a stack trace.
 *
 * @example
 * ```ts
 * describeCauses(new Error('JWKS could not be loaded', { cause: new Error('timeout') }))
 * // 'JWKS could not be loaded: timeout'
 * ```
 */
export function describeCauses(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    const message = current instanceof Error ? current.message : String(current);
    if (message !== '' && !messages.includes(message)) messages.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return messages.join(': ');
}
