/**
 * Signature check of a compact JWS with jose and WebCrypto: the path of every runtime without
 * `node:crypto` (Bun, Deno, Workers, browsers).
 *
 * @module
 */
import { compactVerify } from 'jose';
import type { VerificationKey } from '../key-set.js';
import type { SplitJws } from './node.js';

/** The name of this path, as `signaturePath` reports it. */
export const signaturePath = 'webcrypto';

/**
 * Verifies the signature of `token` (compact JWS) with `key` for `alg`, and returns the decoded payload.
 * Rejects with jose's errors (`ERR_JWS_SIGNATURE_VERIFICATION_FAILED` for a wrong signature, and
 * `ERR_JOSE_ALG_NOT_ALLOWED` when the header names another algorithm than `alg`).
 *
 * @example
 * ```ts
 * const payload = await verifySignature(token, key, 'ES384');
 * ```
 */
export async function verifySignature(token: string, key: VerificationKey, alg: string): Promise<Uint8Array> {
  const { payload } = await compactVerify(token, key, { algorithms: [alg] });
  return payload;
}

/**
 * The WebCrypto {@link verifySignature} over a split compact JWS: always a promise (WebCrypto has no
 * synchronous check). Does NOT check claims or `typ`.
 */
export function checkSignature(jws: SplitJws, key: VerificationKey, alg: string): Promise<Uint8Array> {
  return verifySignature(jws.token, key, alg);
}

/** Nothing to note on the WebCrypto path: every check is already off the event loop. */
export function noteCacheHit(): void {}
