/**
 * Chooses how signatures are checked: through `node:crypto` on Node.js (cheaper than jose's WebCrypto
 * path, and still off the event loop), else jose with WebCrypto. The choice is made once, at load, by
 * feature detection: nothing here imports a `node:` module, so the core still loads on Bun, Deno, Workers
 * and browsers, which all take the WebCrypto path.
 *
 * @module
 */
import type { VerificationKey } from '../key-set.js';
import {
  checkSignatureWithNode,
  loadNodeCrypto,
  noteCacheHit as noteCacheHitOnNode,
  type SplitJws,
  verifySignatureWithNode,
} from './node.js';
import {
  checkSignature as checkSignatureWithJose,
  noteCacheHit as noteCacheHitOnJose,
  verifySignature as verifySignatureWithJose,
  signaturePath as webcryptoPath,
} from './web.js';

/**
 * Verifies the signature of `token` (compact JWS) with `key` for `alg`, and returns the decoded payload.
 * Rejects with jose's errors (`ERR_JWS_SIGNATURE_VERIFICATION_FAILED` for a wrong signature).
 */
export type VerifySignature = (token: string, key: VerificationKey, alg: string) => Promise<Uint8Array>;

/**
 * Checks the signature of a split compact JWS with `key` for `alg`: undefined when it held synchronously,
 * else a promise that settles with the check. A wrong signature throws or rejects with jose's errors
 * (`ERR_JWS_SIGNATURE_VERIFICATION_FAILED`). Does NOT decode the payload (the verifier already has it).
 */
export type CheckSignature = (
  jws: SplitJws,
  key: VerificationKey,
  alg: string,
) => Promise<unknown> | undefined;

export type { SplitJws } from './node.js';

const nodeCrypto = loadNodeCrypto();

/** The signature path of this runtime: `node` (node:crypto) or `webcrypto` (jose); chosen once, at load. */
export const signaturePath: 'node' | typeof webcryptoPath = nodeCrypto === undefined ? webcryptoPath : 'node';

/** The {@link VerifySignature} of this runtime (see {@link signaturePath}). Does NOT check claims or `typ`. */
export const verifySignature: VerifySignature =
  nodeCrypto === undefined
    ? verifySignatureWithJose
    : (token, key, alg) => verifySignatureWithNode(nodeCrypto, token, key, alg);

/** The {@link CheckSignature} of this runtime (see {@link signaturePath}). Does NOT check claims or `typ`. */
export const checkSignature: CheckSignature =
  nodeCrypto === undefined
    ? checkSignatureWithJose
    : (jws, key, alg) => checkSignatureWithNode(nodeCrypto, jws, key, alg);

/**
 * Tells the signature path that a request was served from the token cache, so it keeps ECDSA checks off
 * the event loop while other traffic is served (node:crypto path); does nothing on the WebCrypto path.
 */
export const noteCacheHit: () => void = nodeCrypto === undefined ? noteCacheHitOnJose : noteCacheHitOnNode;
