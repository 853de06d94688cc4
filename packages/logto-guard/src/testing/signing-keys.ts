/**
 * Signing keys of the test issuer, published the way Logto publishes them.
 *
 * @module
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** Algorithms the test issuer can sign with: Logto's set. */
export type TestSigningAlgorithm = 'ES384' | 'ES256' | 'ES512' | 'RS256' | 'PS256';

/** A private key with its public JWK. */
export interface SigningKey {
  alg: TestSigningAlgorithm;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Generates a key pair for `alg`. As in Logto, `kid` is the JWK thumbprint, EC JWKs carry `alg` and RSA
 * JWKs do not.
 */
export async function generateSigningKey(alg: TestSigningAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk: JWK = { ...jwk, kid, use: 'sig' };
  if (jwk.kty === 'EC') publicJwk.alg = alg;
  return { alg, kid, privateKey: privateKey as CryptoKey, publicJwk };
}
