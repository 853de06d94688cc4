export {
  createTestIssuer,
  type MintOptions,
  type TestIssuer,
  type TestIssuerOptions,
  type TestSigningAlgorithm,
} from './test-issuer.js';
