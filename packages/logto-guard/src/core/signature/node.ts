/**
 * Signature check of a compact JWS through `node:crypto`, taken on Node.js only: RSA keys up to 3072
 * bits synchronously (the check costs less than a hop to the thread pool), ECDSA keys on libuv's thread
 * pool (a P-384 check takes about 0.6 ms, too long to hold the event loop). The module is reached through
 * `process.getBuiltinModule`, never a static `node:` import, so this file loads on any runtime.
 *
 * Anything it does not handle exactly like jose (other key kinds or algorithms, malformed segments, a key
 * whose algorithm does not match) goes to the WebCrypto path, so errors stay jose's.
 *
 * @module
 */
// The one run-time dependency of the core outside jose, declared here: `node:crypto`, loaded through
// `process.getBuiltinModule('node:crypto')` below (never a static import, so the core loads on any runtime);
// the type-only import is erased from the build. The architecture test checks both lines.
import type * as NodeCryptoModule from 'node:crypto';
import { errors } from 'jose';
import type { VerificationKey } from '../key-set.js';
import { verifySignature as verifyWithJose } from './web.js';

interface AlgorithmSpec {
  /** Digest for `crypto.verify`. */
  hash: string;
  /** WebCrypto algorithm name the key must have been imported for. */
  keyAlgorithm: string;
  /** EC curve, for ECDSA. */
  curve?: string;
  /** PSS salt length in bytes, for RSA-PSS. */
  saltLength?: number;
}

const specs: Readonly<Record<string, AlgorithmSpec>> = {
  ES256: { hash: 'sha256', keyAlgorithm: 'ECDSA', curve: 'P-256' },
  ES384: { hash: 'sha384', keyAlgorithm: 'ECDSA', curve: 'P-384' },
  ES512: { hash: 'sha512', keyAlgorithm: 'ECDSA', curve: 'P-521' },
  RS256: { hash: 'sha256', keyAlgorithm: 'RSASSA-PKCS1-v1_5' },
  RS384: { hash: 'sha384', keyAlgorithm: 'RSASSA-PKCS1-v1_5' },
  RS512: { hash: 'sha512', keyAlgorithm: 'RSASSA-PKCS1-v1_5' },
  PS256: { hash: 'sha256', keyAlgorithm: 'RSA-PSS', saltLength: 32 },
  PS384: { hash: 'sha384', keyAlgorithm: 'RSA-PSS', saltLength: 48 },
  PS512: { hash: 'sha512', keyAlgorithm: 'RSA-PSS', saltLength: 64 },
};

// The three segments and their dots: base64url characters only (jose rejects anything else).
const compactJws = /^[A-Za-z0-9_.-]*$/;
type NodeCrypto = typeof NodeCryptoModule;
type NodeKeyInput = Parameters<NodeCrypto['verify']>[2];

/**
 * `node:crypto` when running on Node.js itself (not Bun, Deno or Workers, whose `node:crypto` emulations
 * differ in the details this path relies on), else undefined.
 */
export function loadNodeCrypto(): NodeCrypto | undefined {
  const g = globalThis as {
    process?: { versions?: { node?: unknown }; getBuiltinModule?: (id: string) => unknown };
    navigator?: { userAgent?: unknown };
    Bun?: unknown;
    Deno?: unknown;
  };
  const userAgent = g.navigator?.userAgent;
  if (
    typeof g.process?.versions?.node !== 'string' ||
    typeof g.process.getBuiltinModule !== 'function' ||
    g.Bun !== undefined ||
    g.Deno !== undefined ||
    (typeof userAgent === 'string' && !userAgent.startsWith('Node.js')) ||
    typeof CryptoKey === 'undefined'
  ) {
    return undefined;
  }
  const nodeCrypto = g.process.getBuiltinModule('node:crypto') as NodeCrypto | undefined;
  return typeof nodeCrypto?.verify === 'function' && typeof nodeCrypto.KeyObject?.from === 'function'
    ? nodeCrypto
    : undefined;
}
/** How a key is checked with node:crypto: its key input, and whether the call is synchronous. */
interface NodeKey {
  input: NodeKeyInput;
  sync: boolean;
}

// Largest RSA modulus checked synchronously: a 2048-bit check takes about 22 µs and a 3072-bit one about
// 45 µs here, less than or about what the thread-pool hop costs (measured with `npm run bench`).
const maxSyncModulus = 3072;

const nodeKeys = new WeakMap<CryptoKey, NodeKey | null>();

/** How to check `key` used with `spec` through node:crypto, or null when jose must handle it. */
function nodeKeyFor(nodeCrypto: NodeCrypto, key: VerificationKey, spec: AlgorithmSpec): NodeKey | null {
  if (!(key instanceof CryptoKey)) return null;
  let nodeKey = nodeKeys.get(key);
  if (nodeKey === undefined) {
    nodeKey = null;
    const algorithm = key.algorithm as {
      name: string;
      namedCurve?: string;
      modulusLength?: number;
      hash?: { name: string };
    };
    const hashName = spec.hash.replace('sha', 'SHA-');
    const fits =
      key.type === 'public' &&
      key.usages.includes('verify') &&
      algorithm.name === spec.keyAlgorithm &&
      (spec.curve === undefined
        ? algorithm.hash?.name === hashName && (algorithm.modulusLength ?? 0) >= 2048
        : algorithm.namedCurve === spec.curve);
    if (fits) {
      const keyObject = nodeCrypto.KeyObject.from(key);
      const input: NodeKeyInput =
        spec.curve !== undefined
          ? { key: keyObject, dsaEncoding: 'ieee-p1363' }
          : spec.saltLength !== undefined
            ? {
                key: keyObject,
                padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING,
                saltLength: spec.saltLength,
              }
            : keyObject;
      const sync = spec.curve === undefined && (algorithm.modulusLength ?? 0) <= maxSyncModulus;
      nodeKey = { input, sync };
    }
    nodeKeys.set(key, nodeKey);
  }
  return nodeKey;
}

function signatureFailed(cause?: unknown): InstanceType<typeof errors.JWSSignatureVerificationFailed> {
  return new errors.JWSSignatureVerificationFailed(undefined, cause === undefined ? undefined : { cause });
}

function decodePayload(payload: string): Uint8Array {
  const bytes = Buffer.from(payload, 'base64url');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Verifies the signature of `token` (compact JWS) with `key` for `alg` through `nodeCrypto`, and returns
 * the decoded payload. Rejects with jose's errors (`ERR_JWS_SIGNATURE_VERIFICATION_FAILED` for a wrong
 * signature), like the WebCrypto path.
 */
export function verifySignatureWithNode(
  nodeCrypto: NodeCrypto,
  token: string,
  key: VerificationKey,
  alg: string,
): Promise<Uint8Array> {
  const spec = specs[alg];
  const nodeKey = spec === undefined ? null : nodeKeyFor(nodeCrypto, key, spec);
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (
    nodeKey === null ||
    spec === undefined ||
    first === -1 ||
    second === -1 ||
    token.indexOf('.', second + 1) !== -1 ||
    !compactJws.test(token)
  ) {
    return verifyWithJose(token, key, alg);
  }
  const payload = token.slice(first + 1, second);
  const signature = token.slice(second + 1);
  if (payload.length % 4 === 1 || signature.length % 4 === 1) return verifyWithJose(token, key, alg);
  const data = Buffer.from(token.slice(0, second), 'latin1');
  const signatureBytes = Buffer.from(signature, 'base64url');
  if (nodeKey.sync) {
    // RSA: cheaper than the hop. Measured with `npm run bench` (new RS256 token on every request), the
    // callback form cost about 30 µs more CPU per request and served about 8% fewer requests/s on Fastify
    // and Hono.
    let valid: boolean;
    try {
      valid = nodeCrypto.verify(spec.hash, data, nodeKey.input, signatureBytes);
    } catch (error) {
      return Promise.reject(signatureFailed(error));
    }
    return valid ? Promise.resolve(decodePayload(payload)) : Promise.reject(signatureFailed());
  }
  // ECDSA: the callback form runs OpenSSL on libuv's thread pool, so the event loop keeps parsing requests
  // on one core while the check runs on another.
  const input = nodeKey.input;
  return onThreadPool(
    () =>
      new Promise((resolve, reject) => {
        nodeCrypto.verify(spec.hash, data, input, signatureBytes, (error, valid) => {
          if (error !== null || !valid) reject(signatureFailed(error ?? undefined));
          else resolve(decodePayload(payload));
        });
      }),
  );
}

// libuv's pool (4 threads by default) also serves fs, dns.lookup, zlib and crypto.pbkdf2 of the whole
// process, first come first served: a flood of forged ES384 tokens (0.6 ms each) queued there made
// `fs.readFile` wait behind hundreds of checks (p50 from 0.1 ms to 10+ ms, `npm run bench`). At most this
// many checks are handed to the pool at once; the others wait in a queue here, so other work always finds
// a free thread within one check. Two threads keep two cores busy, which is all an event loop can feed.
let maxInFlight = 2;
let inFlight = 0;
const waiting: (() => void)[] = [];

/**
 * Sets how many signature checks may be on libuv's thread pool at once (default 2). Internal: the
 * benchmark sets `Infinity` to measure the unbounded behaviour; not part of the public API.
 */
export function setMaxSignaturesInFlight(limit: number): void {
  maxInFlight = limit;
}

/** How many signature checks are on the thread pool now, and how many wait for a slot. Internal. */
export function signaturesInFlight(): { running: number; waiting: number } {
  return { running: inFlight, waiting: waiting.length };
}

function onThreadPool<T>(start: () => Promise<T>): Promise<T> {
  if (inFlight < maxInFlight) {
    inFlight += 1;
    return run(start);
  }
  return new Promise<T>((resolve, reject) => {
    waiting.push(() => {
      run(start).then(resolve, reject);
    });
  });
}

/** Runs `start` on a slot already taken, then hands the slot to the next waiting check, in order. */
function run<T>(start: () => Promise<T>): Promise<T> {
  const running = start();
  const done = () => {
    const next = waiting.shift();
    if (next === undefined) inFlight -= 1;
    else next();
  };
  running.then(done, done);
  return running;
}
