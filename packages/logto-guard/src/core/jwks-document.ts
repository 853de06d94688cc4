/**
 * Reads a JWKS document (RFC 7517 §5) entry by entry: a malformed entry or a duplicated `kid` is reported
 * and skipped, and every other key stays usable.
 *
 * @module
 */
import { importJWK, type JWK } from 'jose';

/** A verification key, imported for one algorithm. */
export type VerificationKey = CryptoKey;

/** Why an entry of the key set was skipped. */
export type KeyIssueCode =
  | 'malformed_key'
  | 'unsupported_key'
  | 'private_key'
  | 'missing_kid'
  | 'duplicate_kid'
  | 'too_many_keys';

/**
 * An entry of the key set that was skipped; the other keys stay usable. `index` is its position in
 * `keys`, `kid` its `kid` when it has a string one. `detail` is a fixed sentence (no key material).
 */
export interface KeyIssue {
  code: KeyIssueCode;
  index: number;
  kid?: string;
  detail: string;
}

/** One usable key of the set: its JWK and its imports, one per algorithm it may verify. */
export interface KeyEntry {
  readonly algorithms: readonly string[];
  key(alg: string): Promise<VerificationKey>;
}

/** Most entries read from one key set; Logto publishes two (the current key and the previous one). */
export const MAX_JWKS_KEYS = 100;

const rsaAlgorithms: readonly string[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const ecAlgorithms: Readonly<Record<string, string>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
};

/** The algorithms `jwk` can verify by its type and curve, narrowed by its own `alg`; [] when none. */
function algorithmsOf(jwk: Record<string, unknown>): string[] {
  let byType: readonly string[] = [];
  if (jwk.kty === 'RSA') byType = rsaAlgorithms;
  else if (jwk.kty === 'EC' && typeof jwk.crv === 'string' && Object.hasOwn(ecAlgorithms, jwk.crv)) {
    byType = [ecAlgorithms[jwk.crv] as string];
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') byType = ['EdDSA'];
  return byType.filter((alg) => jwk.alg === undefined || alg === jwk.alg);
}

/** Whether `jwk` is meant for signatures: RFC 7517 §4.2 `use` and §4.3 `key_ops`. Others are ignored. */
function isForVerification(jwk: Record<string, unknown>): boolean {
  const ops = jwk.key_ops;
  return (
    (jwk.use === undefined || jwk.use === 'sig') &&
    (ops === undefined || (Array.isArray(ops) && ops.includes('verify')))
  );
}

function entryFor(jwk: JWK, algorithms: string[], first: VerificationKey): KeyEntry {
  const imports = new Map<string, Promise<VerificationKey>>([
    [algorithms[0] as string, Promise.resolve(first)],
  ]);
  return {
    algorithms,
    key(alg) {
      let imported = imports.get(alg);
      if (imported === undefined) {
        imported = importJWK(jwk, alg) as Promise<VerificationKey>;
        imports.set(alg, imported);
      }
      return imported;
    },
  };
}

/**
 * The usable keys of `document` by `kid`, and the entries skipped. Throws a plain `Error` only when the
 * document itself is not a key set (`keys` is not an array).
 *
 * Keeps the first of two entries with the same `kid` (the second is reported), skips entries with
 * private key material, without a `kid`, of a type or curve no accepted algorithm uses, or that do not
 * import; ignores entries whose `use` or `key_ops` exclude signature verification.
 */
export async function readJwks(
  document: Record<string, unknown>,
): Promise<{ keys: Map<string, KeyEntry>; issues: KeyIssue[] }> {
  if (!Array.isArray(document.keys)) throw new Error('key set has no "keys" array');
  const issues: KeyIssue[] = [];
  const entries = document.keys.slice(0, MAX_JWKS_KEYS) as unknown[];
  if (document.keys.length > MAX_JWKS_KEYS) {
    issues.push({
      code: 'too_many_keys',
      index: MAX_JWKS_KEYS,
      detail: `only the first ${MAX_JWKS_KEYS} keys are read`,
    });
  }
  const imported = await Promise.all(
    entries.map(async (value, index) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        issues.push({ code: 'malformed_key', index, detail: 'entry is not a JSON object' });
        return undefined;
      }
      const jwk = value as Record<string, unknown>;
      const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
      const issue = (code: KeyIssueCode, detail: string) => {
        issues.push(kid === undefined ? { code, index, detail } : { code, index, kid, detail });
        return undefined;
      };
      if (!isForVerification(jwk)) return undefined;
      if (kid === undefined) return issue('missing_kid', 'entry has no "kid"');
      if (jwk.d !== undefined || jwk.k !== undefined)
        return issue('private_key', 'entry holds private or symmetric key material');
      const algorithms = algorithmsOf(jwk);
      if (algorithms.length === 0)
        return issue('unsupported_key', 'entry has a key type, curve or "alg" no accepted algorithm uses');
      try {
        const key = (await importJWK(jwk as JWK, algorithms[0])) as VerificationKey;
        if (!(key instanceof CryptoKey) || key.type !== 'public') throw new Error('not a public key');
        return { index, kid, entry: entryFor(jwk as JWK, algorithms, key) };
      } catch {
        return issue('malformed_key', 'entry could not be imported as a public key');
      }
    }),
  );
  const keys = new Map<string, KeyEntry>();
  for (const item of imported) {
    if (item === undefined) continue;
    if (keys.has(item.kid)) {
      issues.push({
        code: 'duplicate_kid',
        index: item.index,
        kid: item.kid,
        detail: 'an earlier entry has the same "kid"; this one is skipped',
      });
    } else {
      keys.set(item.kid, item.entry);
    }
  }
  issues.sort((a, b) => a.index - b.index);
  return { keys, issues };
}
