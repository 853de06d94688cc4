/**
 * Text from an untrusted token (or server) made safe to print on a terminal.
 *
 * @module
 */

// C0 controls (ESC starts colour, cursor, title and OSC 8 hyperlink sequences; BEL, BS and CR rewrite
// what is shown), DEL, C1 controls (0x9B is a one-byte CSI, 0x9D a one-byte OSC), and the Unicode
// format characters that reorder or split what is shown: bidi marks, embeddings, overrides and isolates
// (Trojan Source, CVE-2021-42574), line and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what is matched.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// The same, sparing the line feed: for whole multi-line outputs whose lines are our own.
const UNSAFE_BUT_NEWLINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what is matched.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const visible = (character: string) => {
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * `text` with every control and bidi character written as a visible escape (`\x1b`, `\u202e`), line
 * feeds included: for one line of output holding a value from a token, so that value can neither send
 * terminal sequences nor start a line of its own. Does NOT change any other character.
 *
 * @example
 * ```ts
 * escapeLine('evil\u001b]0;pwned\u0007') // 'evil\\x1b]0;pwned\\x07'
 * ```
 */
export const escapeLine = (text: string): string => text.replace(UNSAFE, visible);

/**
 * `text` escaped as {@link escapeLine} does, but keeping line feeds: the last guard on everything the
 * command writes, whose line structure is its own.
 */
export const escapeOutput = (text: string): string => text.replace(UNSAFE_BUT_NEWLINE, visible);

/**
 * JSON text with the characters `JSON.stringify` leaves raw (C1 controls, DEL, bidi and separator
 * characters) written as `\uXXXX`: the same JSON value, safe on a terminal.
 */
export const escapeJson = (json: string): string =>
  // JSON.stringify escapes C0 inside strings already; the ones left (line feeds) are its own layout.
  json.replace(RAW_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
