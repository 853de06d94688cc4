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

/** Checks a signature on this thread: undefined when it holds, else jose's error (what verify threw as cause). */
function checkNow(
  nodeCrypto: NodeCrypto,
  hash: string,
  data: Buffer,
  input: NodeKeyInput,
  signature: Buffer,
): InstanceType<typeof errors.JWSSignatureVerificationFailed> | undefined {
  let valid = false;
  let thrown: unknown;
  try {
    valid = nodeCrypto.verify(hash, data, input, signature);
  } catch (error) {
    thrown = error;
  }
  return valid ? undefined : signatureFailed(thrown);
}

function decodePayload(payload: string): Uint8Array {
  const bytes = Buffer.from(payload, 'base64url');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A compact JWS split at its dots (see `readCompactJws`); `second` is -1 unless it has three segments. */
export interface SplitJws {
  readonly token: string;
  readonly first: number;
  readonly second: number;
  /** True when the caller already checked that every segment is base64url characters only. */
  readonly plain: boolean;
}

/** What `crypto.verify` needs for `jws`, or undefined when jose must check it (see the module notes). */
function nodeInputs(
  nodeCrypto: NodeCrypto,
  jws: SplitJws,
  key: VerificationKey,
  alg: string,
): { spec: AlgorithmSpec; nodeKey: NodeKey } | undefined {
  const spec = specs[alg];
  const nodeKey = spec === undefined ? null : nodeKeyFor(nodeCrypto, key, spec);
  const { token, first, second } = jws;
  if (nodeKey === null || spec === undefined || second === -1) return undefined;
  if (!jws.plain && !compactJws.test(token)) return undefined;
  if ((second - first - 1) % 4 === 1 || (token.length - second - 1) % 4 === 1) return undefined;
  return { spec, nodeKey };
}

/**
 * Checks the signature of `jws` with `key` for `alg` through `nodeCrypto`. Returns undefined when the
 * signature held synchronously (RSA), or a promise that settles when the check is done (ECDSA, and
 * anything jose checks instead); a wrong signature throws or rejects with jose's
 * `JWSSignatureVerificationFailed`, like the WebCrypto path. Does NOT decode the payload.
 */
export function checkSignatureWithNode(
  nodeCrypto: NodeCrypto,
  jws: SplitJws,
  key: VerificationKey,
  alg: string,
): Promise<unknown> | undefined {
  const inputs = nodeInputs(nodeCrypto, jws, key, alg);
  if (inputs === undefined) return verifyWithJose(jws.token, key, alg);
  const { spec, nodeKey } = inputs;
  const { token, second } = jws;
  const data = Buffer.from(token.slice(0, second), 'latin1');
  const signature = Buffer.from(token.slice(second + 1), 'base64url');
  if (nodeKey.sync) {
    // RSA: cheaper than the hop. Measured with `npm run bench` (new RS256 token on every request), the
    // callback form cost about 30 µs more CPU per request and served about 8% fewer requests/s on Fastify
    // and Hono.
    const failure = checkNow(nodeCrypto, spec.hash, data, nodeKey.input, signature);
    if (failure !== undefined) throw failure;
    return undefined;
  }
  return onThreadPool(nodeCrypto, spec.hash, data, nodeKey.input, signature);
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
  const first = token.indexOf('.');
  const dot = token.indexOf('.', first + 1);
  const second = first !== -1 && dot !== -1 && token.indexOf('.', dot + 1) === -1 ? dot : -1;
  const jws: SplitJws = { token, first, second, plain: false };
  if (nodeInputs(nodeCrypto, jws, key, alg) === undefined) return verifyWithJose(token, key, alg);
  try {
    const pending = checkSignatureWithNode(nodeCrypto, jws, key, alg);
    const payload = () => decodePayload(token.slice(first + 1, second));
    return pending === undefined ? Promise.resolve(payload()) : pending.then(payload);
  } catch (error) {
    return Promise.reject(error);
  }
}

// libuv's pool (4 threads by default) also serves fs, dns.lookup, zlib and crypto.pbkdf2 of the whole
// process, first come first served: a flood of forged ES384 tokens (0.6 ms each) queued there made
// `fs.readFile` wait behind hundreds of checks (p50 from 0.1 ms to 10+ ms, `npm run bench`). At most this
// many checks are handed to the pool at once; the others wait in a queue here, so other work always finds
// a free thread (one of the default four). Three, not two: a check that ends on the pool hands its slot
// to the next one only once the event loop runs its callback, and an event loop busy with a heavier
// framework (Express: about 130 µs per request) leaves two pool threads idle between checks; with three,
// new ES384 tokens on Express went from 0.82× to 0.99× of express-oauth2-jwt-bearer (which hands every
// check to the pool) and forged checks under a flood from 1,743 to 2,200/s, for an `fs.readFile` p50 under
// that flood of 0.52 ms instead of 0.14 (`bench/README.md`, thread pool).
let maxInFlight = 3;
let inFlight = 0;
const waiting: (() => void)[] = [];
// Checks that took a slot during this turn of the event loop, started together once the turn's I/O
// callbacks have run (setImmediate). A check alone then (nothing else in flight, nothing waiting, and no
// cached token served for QUIET_MS) runs on this thread: the hop to the pool and back costs more than the
// check gains from another core when there is nothing to overlap with (one verification in flight: 0.65×
// the synchronous floor for ES384 and 0.50× for ES256 before, `npm run bench`). As soon as two arrive in
// one turn (HTTP requests read in the same poll phase, a `Promise.all`), or while other requests are being
// served from the cache, checks go to the pool: it keeps its throughput under load, and a 0.6 ms ES384
// check never holds the event loop while cache hits wait behind it (the bench's mixed workload showed
// that stall when the first version went inline whenever a check was alone in its turn).
/** A check that took a slot: how to start it on the pool, or on this thread. */
interface Start {
  onPool: () => void;
  onThisThread: () => void;
}
let starting: Start[] = [];
// Node's `setImmediate`, read from `globalThis` at run time like `node:crypto` above: a bundler for the
// Edge runtime (Next.js) refuses a file that names the bare global, even where this path never runs.
const timers = globalThis as unknown as { setImmediate: (callback: () => void) => unknown };
const nextTurn = (callback: () => void): void => {
  timers.setImmediate(callback);
};
const QUIET_MS = 20;
// The clock of QUIET_MS and of the sequential budget (see `setSignatureClock`).
let clock: () => number = () => performance.now();
let lastCacheHit = Number.NEGATIVE_INFINITY;
// Checks one after the other with nothing else going on (a loop verifying tokens in turn, a lone client):
// once a turn's only check ran on this thread, the next one that finds the pool empty, nothing waiting
// and no cached token served for QUIET_MS starts at the end of the current task (a microtask) instead of
// the next turn, which spares the turn (about 5 µs of CPU per ES256 check here) and keeps a 70 µs check
// at 0.9× the synchronous floor. Two checks taken in the same task still go to the pool together. The
// event loop is held this way for at most sequentialBudgetMs from the first such check, then the next
// check waits for the turn again (so a burst of requests read in one poll phase shares the pool as before,
// and a P-384 check, 0.6 ms, never runs this way twice in a row).
// `sequential`: the last batch started was a lone check on this thread; `sequentialSince`: when the last
// batch started at the start of a turn.
let sequential = false;
let sequentialBudgetMs = 0.5;
let sequentialSince = Number.NEGATIVE_INFINITY;
const nextTask = (callback: () => void): void => {
  queueMicrotask(callback);
};

/** Notes that a request was just served from the token cache: other traffic is being served. Internal. */
export function noteCacheHit(): void {
  lastCacheHit = clock();
}

/**
 * Sets how many signature checks may be on libuv's thread pool at once (default 3). Internal: the
 * benchmark sets `Infinity` to measure the unbounded behaviour; not part of the public API.
 */
export function setMaxSignaturesInFlight(limit: number): void {
  maxInFlight = limit;
}

/**
 * Sets for how long (ms, default 0.5) checks one after the other may start without waiting for the next
 * turn (see `sequential` above). Internal: tests set 0 or `Infinity` so no assertion depends on timing.
 */
export function setSequentialBudget(ms: number): void {
  sequentialBudgetMs = ms;
}

/**
 * Sets the clock (ms) read for QUIET_MS and the sequential budget; without an argument, `performance.now`
 * again. Internal: tests freeze it so no assertion depends on timing.
 */
export function setSignatureClock(now?: () => number): void {
  clock = now ?? (() => performance.now());
}

const started = { inline: 0, pool: 0 };

/**
 * How many ECDSA checks ran on this thread (alone in their turn) and how many on the pool, since load.
 * Internal: for tests and the benchmark; not part of the public API.
 */
export function signatureChecksStarted(): { inline: number; pool: number } {
  return { ...started };
}

/** How many signature checks are on the thread pool now, and how many wait for a slot. Internal. */
export function signaturesInFlight(): { running: number; waiting: number } {
  return { running: inFlight, waiting: waiting.length };
}

/**
 * Starts the checks that took a slot since the last start: on this thread when one is alone, else on the
 * pool. Alone: it holds the only slot (every check of the batch holds one, so the batch is that check),
 * nothing waits for a slot (possible with a bound of 1), and no cached token was served for QUIET_MS.
 * `turn`: called at the start of a turn (setImmediate), which opens a new sequential budget.
 */
function startBatch(turn: boolean): void {
  const batch = starting;
  starting = [];
  const now = clock();
  if (turn) sequentialSince = now;
  sequential = inFlight === 1 && waiting.length === 0 && now - lastCacheHit > QUIET_MS;
  for (const check of batch) (sequential ? check.onThisThread : check.onPool)();
}

const startTurn = (): void => startBatch(true);
const startTask = (): void => startBatch(false);

function onThreadPool(
  nodeCrypto: NodeCrypto,
  hash: string,
  data: Buffer,
  input: NodeKeyInput,
  signature: Buffer,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (failure: unknown) => {
      const next = waiting.shift();
      if (next === undefined) inFlight -= 1;
      else next();
      if (failure === undefined) resolve();
      else reject(failure);
    };
    // ECDSA: the callback form runs OpenSSL on libuv's thread pool, so the event loop keeps parsing requests
    // on one core while the check runs on another.
    const onPool = () => {
      started.pool += 1;
      nodeCrypto.verify(hash, data, input, signature, (error, valid) =>
        settle(valid ? undefined : signatureFailed(error ?? undefined)),
      );
    };
    const onThisThread = () => {
      started.inline += 1;
      settle(checkNow(nodeCrypto, hash, data, input, signature));
    };
    if (inFlight < maxInFlight) {
      inFlight += 1;
      // A new batch. After a lone check on this thread (`sequential`), nothing else holds a slot or waits
      // for one: that check gave its slot back before this one could take it.
      if (starting.length === 0) {
        if (sequential && clock() - sequentialSince < sequentialBudgetMs) nextTask(startTask);
        else nextTurn(startTurn);
      }
      starting.push({ onPool, onThisThread });
    } else {
      waiting.push(onPool);
    }
  });
}
