// A token seen for the first time, on its shortest path (issue 15): the key of a known `kid` is taken
// without waiting (`keyNow`), an RSA token is verified before the current task ends, the header rules
// are skipped only for the very header a guard accepted last, and ECDSA checks one after another start
// at the end of the task rather than the next turn, within a budget. Every rule is still applied.
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { createKeySet } from '../../src/core/key-set.js';
import { signaturePath } from '../../src/core/signature/index.js';
import {
  loadNodeCrypto,
  noteCacheHit,
  setSequentialBudget,
  signatureChecksStarted,
  verifySignatureWithNode,
} from '../../src/core/signature/node.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
let clock = T0;
const now = () => clock;

afterEach(() => {
  clock = T0;
  setSequentialBudget(0.5);
});

/**
 * Whether what `start` returns settles before the current task ends: before a `setImmediate` callback
 * queued just before `start` is called could run.
 */
async function settlesWithinTask(start: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  const timer = setImmediate(() => {
    turned = true;
  });
  await start().catch(() => {});
  clearImmediate(timer);
  return !turned;
}

async function keySetOf(issuer: Awaited<ReturnType<typeof createTestIssuer>>, counter = { fetches: 0 }) {
  return createKeySet({
    jwksUri: async () => issuer.jwksUri,
    fetch: (input, init) => {
      counter.fetches += 1;
      return issuer.fetch(input, init);
    },
    timeout: 2_000,
    cacheMaxAge: 60_000,
    cooldown: 1_000,
    now,
  });
}

describe('keyNow: the key of a known kid without waiting', () => {
  it('gives nothing before the keys are loaded, then the very key getKey gave', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const counter = { fetches: 0 };
    const keySet = await keySetOf(issuer, counter);
    const kid = (issuer.jwks().keys[0] as { kid: string }).kid;
    expect(keySet.keyNow({ alg: 'RS256', kid })).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(counter.fetches).toBe(0); // nothing held: getKey fetches, keyNow never does
    const key = await keySet.getKey({ alg: 'RS256', kid });
    expect(keySet.keyNow({ alg: 'RS256', kid })).toBe(key);
    expect(counter.fetches).toBe(1);
  });

  it('gives nothing for an unknown kid, nor for an algorithm of the key not imported yet', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const keySet = await keySetOf(issuer);
    const kid = (issuer.jwks().keys[0] as { kid: string }).kid;
    await keySet.getKey({ alg: 'RS256', kid });
    expect(keySet.keyNow({ alg: 'RS256', kid: 'made-up' })).toBeUndefined();
    expect(keySet.keyNow({ alg: 'PS256', kid })).toBeUndefined();
    const pss = await keySet.getKey({ alg: 'PS256', kid });
    expect(pss.algorithm.name).toBe('RSA-PSS');
    expect(keySet.keyNow({ alg: 'PS256', kid })).toBe(pss);
    expect(keySet.keyNow({ alg: 'RS256', kid })).toBe(await keySet.getKey({ alg: 'RS256', kid }));
  });

  it('gives nothing for a known kid whose key was never asked for, and that key once it was', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    await issuer.rotateKeys('ES384');
    const keySet = await keySetOf(issuer);
    const [current, previous] = issuer.jwks().keys as { kid: string }[];
    const key = await keySet.getKey({ alg: 'ES384', kid: String(current?.kid) });
    expect(keySet.keyNow({ alg: 'RS256', kid: String(previous?.kid) })).toBeUndefined();
    expect(keySet.keyNow({ alg: 'ES384', kid: String(current?.kid) })).toBe(key);
    const old = await keySet.getKey({ alg: 'RS256', kid: String(previous?.kid) });
    expect(keySet.keyNow({ alg: 'RS256', kid: String(previous?.kid) })).toBe(old);
  });

  it('refuses a known kid used with an algorithm its key cannot verify, as getKey does', async () => {
    const issuer = await createTestIssuer({ alg: 'ES384', now });
    const keySet = await keySetOf(issuer);
    const kid = (issuer.jwks().keys[0] as { kid: string }).kid;
    await keySet.getKey({ alg: 'ES384', kid });
    expect(() => keySet.keyNow({ alg: 'RS256', kid })).toThrow(
      expect.objectContaining({ code: 'unknown_key' }),
    );
  });

  it('starts the background refresh of a stale key set, once, and keeps giving the key meanwhile', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const counter = { fetches: 0 };
    const keySet = await keySetOf(issuer, counter);
    const kid = (issuer.jwks().keys[0] as { kid: string }).kid;
    const key = await keySet.getKey({ alg: 'RS256', kid });
    clock = T0 + 60_000;
    expect(keySet.keyNow({ alg: 'RS256', kid })).toBe(key);
    expect(counter.fetches).toBe(1);
    clock = T0 + 60_001;
    expect(keySet.keyNow({ alg: 'RS256', kid })).toBe(key);
    expect(keySet.keyNow({ alg: 'RS256', kid })).toBe(key);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the refresh, started in the background
    expect(counter.fetches).toBe(2);
    expect(keySet.state().lastSuccessAt).toBe(T0 + 60_001);
  });
  it('getKey starts the same background refresh of a stale key set on its own', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const counter = { fetches: 0 };
    const keySet = await keySetOf(issuer, counter);
    const kid = (issuer.jwks().keys[0] as { kid: string }).kid;
    const key = await keySet.getKey({ alg: 'RS256', kid });
    clock = T0 + 60_001;
    expect(await keySet.getKey({ alg: 'RS256', kid })).toBe(key);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the refresh, started in the background
    expect(counter.fetches).toBe(2);
    expect(keySet.state().lastSuccessAt).toBe(T0 + 60_001);
  });
});

describe('a new token of a known key', () => {
  it('is verified before the current task ends when RSA on node:crypto, once the key is known', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    const first = await issuer.mintApiToken(API, { subject: 'first' });
    expect((await guard.verify(first)).sub).toBe('first'); // discovery and the JWKS first
    const second = await issuer.mintApiToken(API, { subject: 'second' });
    // node:crypto checks RSA synchronously; WebCrypto (the other runtimes) answers from another thread.
    expect(await settlesWithinTask(() => guard.verify(second))).toBe(signaturePath === 'node');
    expect((await guard.verify(second)).sub).toBe('second');
  });

  it('still fails on its signature, its claims and its scope, with the usual codes', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    const status = async (token: string, scopes: string[] = []) => {
      const outcome = await guard.check(
        { authorization: `Bearer ${token}`, request: {} },
        globalApi({ scopes }),
      );
      return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
    };
    const token = await issuer.mintApiToken(API, { scopes: ['read'] });
    expect(await status(token)).toBe(200);
    const [head, body, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await status(`${head}.${body}.${flipped}`)).toBe('401 invalid_signature');
    expect(await status(await issuer.mintApiToken(API, { expiresIn: -120 }))).toBe('401 token_expired');
    expect(await status(await issuer.mintApiToken(API, { scopes: ['read'] }), ['write'])).toBe(
      '403 insufficient_scope',
    );
    const verified = guard.verify(`${head}.${body}.${flipped}`);
    await expect(verified).rejects.toMatchObject({ code: 'invalid_signature' });
  });

  it('gets the header rules of its own guard, though another guard accepted the same header', async () => {
    const issuer = await createTestIssuer({ alg: 'ES384', now });
    const options = { endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now };
    const lenient = createGuard(options);
    const strict = createGuard({ ...options, algorithms: ['RS256'] });
    const token = await issuer.mintApiToken(API);
    expect((await lenient.verify(token)).audience).toEqual([API]);
    await expect(strict.verify(await issuer.mintApiToken(API))).rejects.toMatchObject({
      code: 'algorithm_not_allowed',
    });
    expect((await lenient.verify(await issuer.mintApiToken(API, { subject: 'again' }))).sub).toBe('again');
  });

  it('gets the header rules again when its header differs from the one last accepted', async () => {
    const issuer = await createTestIssuer({ alg: 'ES384', now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    expect((await guard.verify(await issuer.mintApiToken(API, { subject: 'a' }))).sub).toBe('a');
    await expect(
      guard.verify(await issuer.mintApiToken(API, { header: { typ: 'JWT' } })),
    ).rejects.toMatchObject({ code: 'invalid_typ' });
    await expect(guard.verify(await issuer.mintApiToken(API, { header: { kid: '' } }))).rejects.toMatchObject(
      {
        code: 'missing_kid',
      },
    );
    expect((await guard.verify(await issuer.mintApiToken(API, { subject: 'b' }))).sub).toBe('b');
    await issuer.rotateKeys('RS256');
    expect((await guard.verify(await issuer.mintApiToken(API, { subject: 'c' }))).sub).toBe('c');
    expect((await guard.verify(await issuer.mintApiToken(API, { subject: 'd' }))).sub).toBe('d');
  });
});

describe('ECDSA checks one after the other', () => {
  const nodeCrypto = loadNodeCrypto();

  async function es256() {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const [head, body] = token.split('.');
    const forged = `${head}.${body}.${Buffer.alloc(64, 7).toString('base64url')}`;
    const check = (t: string) =>
      verifySignatureWithNode(nodeCrypto!, t, publicKey, 'ES256').then(
        (payload) => new TextDecoder().decode(payload),
        (error: { code?: string }) => error.code,
      );
    return { token, forged, check };
  }

  it('start before the next turn once a lone check ran on this thread, and still answer right', async () => {
    setSequentialBudget(Number.POSITIVE_INFINITY);
    const { token, forged, check } = await es256();
    expect(await check(token)).toBe('{"sub":"x"}'); // alone in its turn: on this thread
    const before = signatureChecksStarted();
    expect(await settlesWithinTask(() => check(token))).toBe(true);
    expect(await settlesWithinTask(() => check(forged))).toBe(true);
    expect(await check(forged)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    expect(await check(token)).toBe('{"sub":"x"}');
    expect(signatureChecksStarted()).toEqual({ inline: before.inline + 4, pool: before.pool });
  });

  it('wait for the next turn once the budget is spent', async () => {
    setSequentialBudget(0);
    const { token, check } = await es256();
    expect(await check(token)).toBe('{"sub":"x"}');
    const before = signatureChecksStarted();
    expect(await settlesWithinTask(() => check(token))).toBe(false);
    expect(signatureChecksStarted()).toEqual({ inline: before.inline + 1, pool: before.pool });
  });

  it('go to the pool together when two are taken in one task, and then wait for turns again', async () => {
    setSequentialBudget(Number.POSITIVE_INFINITY);
    const { token, forged, check } = await es256();
    expect(await check(token)).toBe('{"sub":"x"}');
    const before = signatureChecksStarted();
    expect(await Promise.all([check(token), check(forged)])).toEqual([
      '{"sub":"x"}',
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ]);
    expect(signatureChecksStarted()).toEqual({ inline: before.inline, pool: before.pool + 2 });
    expect(await settlesWithinTask(() => check(token))).toBe(false); // alone again, after a turn: this thread
    expect(signatureChecksStarted()).toEqual({ inline: before.inline + 1, pool: before.pool + 2 });
  });

  it('go to the pool, after a turn, while cached tokens are being served', async () => {
    setSequentialBudget(Number.POSITIVE_INFINITY);
    const { token, check } = await es256();
    expect(await check(token)).toBe('{"sub":"x"}');
    const before = signatureChecksStarted();
    noteCacheHit();
    expect(await check(token)).toBe('{"sub":"x"}');
    expect(signatureChecksStarted()).toEqual({ inline: before.inline, pool: before.pool + 1 });
    noteCacheHit();
    expect(await settlesWithinTask(() => check(token))).toBe(false);
  });
});

describe('a token through guard.check', () => {
  const policy = globalApi();
  const request = (token: string) => ({ authorization: `Bearer ${token}`, request: {} });

  it('is served from the cache from its third request: the caller of the second, not verified again', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256', now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    const token = await issuer.mintApiToken(API);
    const callers = [];
    for (let i = 0; i < 4; i += 1) callers.push((await guard.check(request(token), policy)).auth);
    expect(callers[1]).not.toBe(callers[0]);
    expect(callers[2]).toBe(callers[1]);
    expect(callers[3]).toBe(callers[1]);
  });

  // The node:crypto path only: WebCrypto has no thread of its own to choose.
  it.skipIf(signaturePath !== 'node')(
    'sends the next lone ECDSA check to the pool once it was served from the cache, not before',
    async () => {
      const issuer = await createTestIssuer({ alg: 'ES256', now });
      const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
      await guard.warmUp();
      const [token, next] = [
        await issuer.mintApiToken(API),
        await issuer.mintApiToken(API, { subject: 'b' }),
      ];
      await new Promise((resolve) => setTimeout(resolve, 25)); // no cache hit in the last 20 ms
      let before = signatureChecksStarted();
      expect((await guard.check(request(token), policy)).ok).toBe(true); // a miss: on this thread
      expect(signatureChecksStarted()).toEqual({ inline: before.inline + 1, pool: before.pool });
      expect((await guard.check(request(token), policy)).ok).toBe(true); // second sighting: stored
      expect((await guard.check(request(token), policy)).ok).toBe(true); // served from the cache
      before = signatureChecksStarted();
      expect((await guard.check(request(next), policy)).ok).toBe(true);
      expect(signatureChecksStarted()).toEqual({ inline: before.inline, pool: before.pool + 1 });
    },
  );

  it('comes back as a rejection, never a throw, when the clock itself fails', async () => {
    const issuer = await createTestIssuer({ alg: 'RS256' });
    let broken = false;
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: issuer.fetch,
      now: () => {
        if (broken) throw new Error('clock failed');
        return Date.now();
      },
    });
    const token = await issuer.mintApiToken(API);
    await guard.verify(token);
    broken = true;
    let verified: Promise<unknown> | undefined;
    expect(() => {
      verified = guard.verify(token);
    }).not.toThrow();
    await expect(verified).rejects.toThrow('clock failed');
  });
});
