/**
 * Reading a compact JWS (RFC 7515 §7.1) once: its protected header and payload decoded and parsed a single
 * time per token, with exactly the checks jose's `decodeProtectedHeader` and `decodeJwt` make.
 *
 * @module
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { TokenError } from './errors.js';

/** A compact JWS split at its dots, its protected header parsed; the payload is parsed on demand. */
export interface CompactJws {
  /** The whole token. */
  readonly token: string;
  /** The parsed JOSE protected header (a JSON object; not yet checked against any rule; may be frozen). */
  readonly header: Record<string, unknown>;
  /** Index of the first dot (-1 when there is none). */
  readonly first: number;
  /** Index of the second dot (-1 when there is none). */
  readonly second: number;
  /**
   * True when the token is three segments of base64url characters only and its header decoded here: the
   * signature path may rely on that. False for anything else (padding, a JWE's five segments, stray
   * characters), which jose decoded with its own errors and checks the signature of.
   */
  readonly plain: boolean;
}

// Three segments of base64url characters, unpadded (RFC 7515 §2), the signature possibly empty. Tokens of
// any other shape (padding, a JWE's five segments, stray characters) take jose's decoders unchanged.
const plainCompact = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// `fatal`: bytes that are not UTF-8 are an error, as in jose, never U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const nonAscii = /[^\p{ASCII}]/u;

/**
 * Decodes base64url characters (already checked) to a string of code units 0–255, then reads it as UTF-8.
 * `atob` is what jose itself uses on runtimes without `Uint8Array.fromBase64`; it throws for a length of
 * 4n+1, as jose's decoders do.
 */
function decodeSegment(segment: string): string {
  const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
  if (!nonAscii.test(binary)) return binary; // ASCII: the string already is its UTF-8 decoding
  return utf8.decode(Uint8Array.from(binary, (unit) => unit.charCodeAt(0)));
}

/** JSON.parse of a decoded segment; throws unless it is a JSON object (not an array, not null). */
function parseObject(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(); // the cause of a token_malformed, which names the segment
  }
  return value as Record<string, unknown>;
}

// Parsed headers by their encoded segment. Every token of one signing key carries the same header
// (`{"alg":"ES384","typ":"at+jwt","kid":"..."}`), so a handful of entries spare the decoding and parsing of
// nearly every header; the bound keeps made-up headers from growing it (it starts over when full).
// Entries are frozen: every token with that segment shares the object.
const MAX_HEADERS = 32;
const headers = new Map<string, Record<string, unknown>>();

/** The parsed header of `token`, whose first dot is at `first`; throws when it does not decode. */
function parsedHeader(token: string, first: number): Record<string, unknown> {
  const segment = token.slice(0, first);
  let header = headers.get(segment);
  if (header === undefined) {
    header = Object.freeze(parseObject(decodeSegment(segment)));
    if (headers.size >= MAX_HEADERS) headers.clear();
    headers.set(segment, header);
  }
  return header;
}

/**
 * Whether `token` is three segments of base64url characters, unpadded (the signature possibly empty). Such a
 * token is also one RFC 6750 b64token, so a caller that tested this needs no second look at its characters.
 */
export function isPlainCompact(token: string): boolean {
  return plainCompact.test(token);
}

/**
 * Splits `token` and parses its protected header. Duplicate member names in the header or payload JSON
 * keep the last one (JSON.parse, like jose; RFC 7515 §4 allows exactly this or a rejection). A header
 * with `b64: false` is read like any other: without `crit` naming `b64` (which the verifier refuses) the
 * payload is base64url-encoded JSON, as in jose (RFC 7797 §6).
 *
 * Does NOT check any header parameter, and does NOT verify anything.
 *
 * @param plain What {@link isPlainCompact} said of `token`, when the caller already tested it (else tested here).
 * @throws {TokenError} `token_malformed` when the header is not base64url-encoded UTF-8 JSON of an object.
 */
export function readCompactJws(token: string, plain = plainCompact.test(token)): CompactJws {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  try {
    const header = plain
      ? parsedHeader(token, first)
      : (decodeProtectedHeader(token) as Record<string, unknown>);
    return { token, header, first, second, plain };
  } catch (cause) {
    throw new TokenError('token_malformed', 'Token is not a well-formed JWS', cause);
  }
}

/**
 * The payload of `jws` parsed as a JSON object. Before the signature is checked this is only a claim (the
 * verifier reads `iss` from it to refuse unknown issuers without a fetch); the same object is trusted once
 * the signature over these very bytes holds.
 *
 * @throws {TokenError} `token_malformed` when the payload is not base64url-encoded UTF-8 JSON of an object.
 */
export function readPayload(jws: CompactJws): Record<string, unknown> {
  try {
    return jws.plain
      ? parseObject(decodeSegment(jws.token.slice(jws.first + 1, jws.second)))
      : decodeJwt(jws.token);
  } catch (cause) {
    throw new TokenError('token_malformed', 'Token payload is not a JSON object', cause);
  }
}
