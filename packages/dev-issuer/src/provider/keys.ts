import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';

/**
 * The algorithms the dev issuer signs with: Logto's default `ES384` (P-384 key) or `RS256`
 * (RSA 2048 key, what a tenant gets after rotating to RSA).
 *
 * @example
 * ```ts
 * const alg: SigningAlgorithm = 'RS256';
 * ```
 */
export type SigningAlgorithm = 'ES384' | 'RS256';

/**
 * The signing algorithms accepted by `startDevIssuer({ alg })` and `--alg`.
 *
 * @example
 * ```ts
 * if (!SIGNING_ALGORITHMS.includes(value)) throw new TypeError(`unsupported alg ${value}`);
 * ```
 */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['ES384', 'RS256'];

/**
 * A private signing key as a JWK, with its `kid` (internal to the package).
 *
 * @example
 * ```ts
 * const { alg, kid, jwk }: SigningKey = generateSigningKey('ES384');
 * ```
 */
export interface SigningKey {
  readonly alg: SigningAlgorithm;
  readonly kid: string;
  readonly jwk: JsonWebKey & { kid: string };
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a public EC or RSA key: Logto's and
 * oidc-provider's `kid`.
 *
 * @example
 * ```ts
 * const kid = jwkThumbprint({ kty: 'EC', crv: 'P-384', x: '...', y: '...' });
 * ```
 */
export function jwkThumbprint(jwk: JsonWebKey): string {
  // The required members only, in lexicographic order, without whitespace (RFC 7638 §3.2).
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/**
 * Generates a fresh signing key: P-384 for `ES384` (JWK with `alg`, like Logto's EC keys),
 * RSA 2048 for `RS256` (JWK without `alg`, like Logto's RSA keys).
 *
 * @example
 * ```ts
 * const key = generateSigningKey('ES384');
 * console.log(key.kid);
 * ```
 */
export function generateSigningKey(alg: SigningAlgorithm): SigningKey {
  const { privateKey } =
    alg === 'ES384'
      ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = privateKey.export({ format: 'jwk' });
  const kid = jwkThumbprint(exported);
  const jwk = alg === 'ES384' ? { ...exported, kid, alg } : { ...exported, kid };
  return { alg, kid, jwk };
}

/**
 * The keys the issuer publishes: the current one (signs) and at most one previous one (still in
 * the JWKS so tokens it signed keep verifying), like Logto after a rotation (internal).
 *
 * @example
 * ```ts
 * const ring = new SigningKeyRing('ES384');
 * ring.rotate('RS256');
 * ring.keys.length; // 2
 * ```
 */
export class SigningKeyRing {
  #keys: SigningKey[];

  constructor(alg: SigningAlgorithm) {
    this.#keys = [generateSigningKey(alg)];
  }

  /** The key that signs new tokens. */
  get current(): SigningKey {
    return this.#keys[0]!;
  }

  /** Published keys, current first. */
  get keys(): readonly SigningKey[] {
    return this.#keys;
  }

  /** Makes a new key of `alg` current and keeps only the previous current key besides it. */
  rotate(alg: SigningAlgorithm): SigningKey {
    const next = generateSigningKey(alg);
    this.#keys = [next, this.current];
    return next;
  }
}
