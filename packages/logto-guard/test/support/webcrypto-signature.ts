// Stand-in for src/core/signature/index.ts under `vitest.webcrypto.config.ts`: the whole suite then runs
// on the WebCrypto path that Bun, Deno, Workers and browsers take.
import type { CheckSignature } from '../../src/core/signature/index.js';
import { verifySignature } from '../../src/core/signature/web.js';

export { verifySignature };
export const signaturePath = 'webcrypto';
export const checkSignature: CheckSignature = (jws, key, alg) => verifySignature(jws.token, key, alg);
export const noteCacheHit = (): void => {};
