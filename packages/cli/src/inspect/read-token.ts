/**
 * Where `inspect` gets its token: the argument, or standard input.
 *
 * @module
 */
import { type Io, readAll } from '../io.js';
import { UsageError } from '../usage-error.js';

/**
 * Cleans what people paste: surrounding whitespace, a leading `Bearer `, or a whole token response
 * (`{"access_token": ...}`, as `logto-guard token --json` prints) of which the access token is taken.
 *
 * @example
 * ```ts
 * unwrapToken('Bearer eyJ...')              // 'eyJ...'
 * unwrapToken('{"access_token":"eyJ..."}')  // 'eyJ...'
 * ```
 */
export function unwrapToken(input: string): string {
  const text = input.trim();
  if (text.startsWith('{')) {
    try {
      const body: unknown = JSON.parse(text);
      const accessToken = (body as { access_token?: unknown } | null)?.access_token;
      if (typeof accessToken === 'string') return accessToken.trim();
    } catch {
      // Not JSON: inspect reports it as a malformed token.
    }
  }
  return text.replace(/^bearer\s+/i, '').trim();
}

/**
 * Reads the token from `argument`, or from standard input when it is `-`, or absent and stdin is not a
 * terminal.
 *
 * Does NOT decode or check the token.
 *
 * @throws {UsageError} when there is no token (absent on a terminal, or empty input).
 */
export async function readToken(argument: string | undefined, io: Io): Promise<string> {
  if (argument === undefined && io.stdin.isTTY) {
    throw new UsageError('no token: pass it as an argument, or pipe it on stdin', 'inspect');
  }
  const input = argument === undefined || argument === '-' ? await readAll(io.stdin) : argument;
  const token = unwrapToken(input);
  if (token === '') throw new UsageError('no token: the input is empty', 'inspect');
  return token;
}
