// Stand-in for src/core/signature/index.ts under `vitest.webcrypto.config.ts`: the whole suite then runs
// on the WebCrypto path that Bun, Deno, Workers and browsers take.
export {
  checkSignature,
  noteCacheHit,
  signaturePath,
  verifySignature,
} from '../../src/core/signature/web.js';
