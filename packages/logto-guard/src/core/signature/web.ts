/**
 * Signature check of a compact JWS with jose and WebCrypto: the default path, for every runtime.
 *
 * @module
 */
import { compactVerify } from 'jose';
import type { VerificationKey } from '../key-set.js';

/**
 * Verifies the signature of `token` (compact JWS) with `key` for `alg`, and returns the decoded payload.
 * Rejects with jose's errors (`ERR_JWS_SIGNATURE_VERIFICATION_FAILED` for a wrong signature).
 */
export async function verifySignature(token: string, key: VerificationKey, alg: string): Promise<Uint8Array> {
  const { payload } = await compactVerify(token, key, { algorithms: [alg] });
  return payload;
}
