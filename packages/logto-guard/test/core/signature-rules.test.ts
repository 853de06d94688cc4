// The node:crypto signature path as a client and an operator meet it: a forged ECDSA signature is a 401
// `invalid_signature` whether it was checked on this thread or on the pool, a key that does not fit the
// token's algorithm is refused exactly as jose refuses it, many checks in one task each get their own
// answer, and where checks run (the counters the benchmark reads) follows the rules over a frozen clock.
import { generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import {
  loadNodeCrypto,
  noteCacheHit,
  setMaxSignaturesInFlight,
  setSequentialBudget,
  setSignatureClock,
  signatureChecksStarted,
  signaturesInFlight,
  verifySignatureWithNode,
} from '../../src/core/signature/node.js';
import { verifySignature as verifyWithWeb } from '../../src/core/signature/web.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const nodeCrypto = loadNodeCrypto()!;
let time = 1_000;

afterEach(() => {
  setSignatureClock();
  setSequentialBudget(0.5);
  setMaxSignaturesInFlight(3); // the default
});

async function outcome(run: () => Promise<Uint8Array>) {
  try {
    return { payload: new TextDecoder().decode(await run()) };
  } catch (error) {
    const { code, name, message, cause } = error as Error & { code?: string };
    return { code: code ?? name, message, cause };
  }
}

async function signed(alg: string, options: { modulusLength?: number } = {}) {
  const { publicKey, privateKey } = await generateKeyPair(alg, options);
  const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg }).sign(privateKey);
  const [head, body, signature] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(signature, 'base64url');
  const forged = `${head}.${body}.${Buffer.alloc(bytes.length, 7).toString('base64url')}`;
  const check = (t: string) => outcome(() => verifySignatureWithNode(nodeCrypto, t, publicKey, alg));
  return { publicKey, token, forged, check };
}

/** Whether `start()` settles before a `setImmediate` callback queued just before it could run. */
async function settlesWithinTask(start: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  const timer = setImmediate(() => {
    turned = true;
  });
  await start();
  clearImmediate(timer);
  return !turned;
}

const counted = () => signatureChecksStarted();
const since = (before: { inline: number; pool: number }) => {
  const now = counted();
  return { inline: now.inline - before.inline, pool: now.pool - before.pool };
};

describe('a forged signature', () => {
  it('is a 401 invalid_signature through guard.check for an ES256 issuer, checked alone or many at once', async () => {
    const issuer = await createTestIssuer({ alg: 'ES256' });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const answer = async (token: string) => {
      const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
      return outcome.ok
        ? 200
        : `${outcome.response.status} ${outcome.error.code} ${outcome.response.headers['www-authenticate']}`;
    };
    const token = await issuer.mintApiToken(API);
    expect(await answer(token)).toBe(200);
    const [head, body] = token.split('.');
    const forged = (i: number) => `${head}.${body}.${Buffer.alloc(64, i).toString('base64url')}`;
    const refused = expect.stringMatching(/^401 invalid_signature Bearer .*error="invalid_token"/);
    expect(await answer(forged(1))).toEqual(refused);
    const many = await Promise.all(Array.from({ length: 7 }, (_, i) => answer(forged(i + 2))));
    expect(many).toEqual(Array.from({ length: 7 }, () => refused));
  });

  it.each(['ES256', 'ES384', 'RS256', 'PS256'])(
    'of %s is refused with the very error jose gives, without a cause, on this thread and on the pool',
    async (alg) => {
      const { publicKey, forged, check } = await signed(alg);
      const expected = await outcome(() => verifyWithWeb(forged, publicKey, alg));
      expect(expected).toEqual({
        code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        message: 'signature verification failed',
        cause: undefined,
      });
      expect(await check(forged)).toEqual(expected); // alone: on this thread (ECDSA) or synchronously (RSA)
      expect(await Promise.all([check(forged), check(forged)])).toEqual([expected, expected]); // the pool
    },
  );
});

describe('a key that does not fit the algorithm', () => {
  async function imported(
    jwkOf: CryptoKey,
    algorithm: RsaHashedImportParams | EcKeyImportParams,
    usages: KeyUsage[],
  ) {
    const jwk = await crypto.subtle.exportKey('jwk', jwkOf);
    delete jwk.alg;
    delete jwk.key_ops;
    return crypto.subtle.importKey('jwk', jwk, algorithm, true, usages);
  }

  it.each([
    ['an RSA key for ES256', 'RS256', 'ES256'],
    ['a P-256 key for ES384', 'ES256', 'ES384'],
    ['an RSA-PSS key for RS256', 'PS256', 'RS256'],
    ['an RSASSA key for PS256', 'RS256', 'PS256'],
    ['an RS256 key for RS384', 'RS256', 'RS384'],
  ] as const)('is refused like jose refuses it: %s', async (_, keyAlg, alg) => {
    const { publicKey } = await generateKeyPair(keyAlg);
    const { privateKey } = await generateKeyPair(alg);
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg }).sign(privateKey);
    const node = await outcome(() => verifySignatureWithNode(nodeCrypto, token, publicKey, alg));
    expect(node.code).toBeDefined();
    expect(node).toEqual(await outcome(() => verifyWithWeb(token, publicKey, alg)));
  });

  it('is refused like jose refuses it: a public key imported without the verify usage', async () => {
    const { publicKey, token } = await signed('ES256');
    const unusable = await imported(publicKey, { name: 'ECDSA', namedCurve: 'P-256' }, []);
    const node = await outcome(() => verifySignatureWithNode(nodeCrypto, token, unusable, 'ES256'));
    expect(node.code).toBe('TypeError');
    expect(node).toEqual(await outcome(() => verifyWithWeb(token, unusable, 'ES256')));
  });

  it('is refused like jose refuses it: a 1024-bit RSA key, too short for RS256', async () => {
    const { publicKey, privateKey } = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    );
    const data = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, Buffer.from(data));
    const token = `${data}.${Buffer.from(signature).toString('base64url')}`;
    const node = await outcome(() => verifySignatureWithNode(nodeCrypto, token, publicKey, 'RS256'));
    expect(node.code).toBe('TypeError');
    expect(node).toEqual(await outcome(() => verifyWithWeb(token, publicKey, 'RS256')));
  });
});

describe('where RSA checks run', () => {
  it('checks a 3072-bit RS256 key before the task ends, and a 4096-bit one on the pool', async () => {
    const small = await signed('RS256', { modulusLength: 3072 });
    const before = counted();
    expect(await settlesWithinTask(() => small.check(small.token))).toBe(true);
    expect(await small.check(small.forged)).toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(since(before)).toEqual({ inline: 0, pool: 0 });
    const large = await signed('RS256', { modulusLength: 4096 });
    expect(await Promise.all([large.check(large.token), large.check(large.forged)])).toEqual([
      { payload: '{"sub":"x"}' },
      expect.objectContaining({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }),
    ]);
    expect(since(before)).toEqual({ inline: 0, pool: 2 });
  });
});

describe('where ECDSA checks run, over a frozen clock', () => {
  afterEach(() => {
    time += 1_000;
  });

  it('with a bound of one, sends two checks of one task to the pool one after the other, both answered', async () => {
    setSignatureClock(() => time);
    setMaxSignaturesInFlight(1);
    const { token, forged, check } = await signed('ES256');
    const before = counted();
    const both = Promise.all([check(token), check(forged)]);
    expect(signaturesInFlight()).toEqual({ running: 1, waiting: 1 });
    expect(await both).toEqual([
      { payload: '{"sub":"x"}' },
      expect.objectContaining({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }),
    ]);
    expect(since(before)).toEqual({ inline: 0, pool: 2 });
    expect(signaturesInFlight()).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps a lone check off this thread for exactly 20 ms after a cached token was served', async () => {
    setSignatureClock(() => time);
    const { token, check } = await signed('ES256');
    noteCacheHit();
    time += 20;
    let before = counted();
    expect(await check(token)).toEqual({ payload: '{"sub":"x"}' });
    expect(since(before)).toEqual({ inline: 0, pool: 1 });
    time += 0.001;
    before = counted();
    expect(await check(token)).toEqual({ payload: '{"sub":"x"}' });
    expect(since(before)).toEqual({ inline: 1, pool: 0 });
  });

  it('starts checks one after the other before the next turn for the budget from the turn that began them', async () => {
    setSignatureClock(() => time);
    const { token, forged, check } = await signed('ES256');
    setSequentialBudget(0);
    expect(await settlesWithinTask(() => check(token))).toBe(false); // a turn: the budget starts now
    setSequentialBudget(1);
    const before = counted();
    time += 0.5;
    expect(await settlesWithinTask(() => check(forged))).toBe(true);
    time += 0.499;
    expect(await settlesWithinTask(() => check(token))).toBe(true);
    time += 0.001; // 1 ms since the turn: the budget is spent
    expect(await settlesWithinTask(() => check(token))).toBe(false);
    expect(await settlesWithinTask(() => check(token))).toBe(true); // a new budget from that turn
    expect(since(before)).toEqual({ inline: 4, pool: 0 });
  });
});

describe('a token that is not a compact JWS of three segments', () => {
  it.each(['ES256', 'RS256'])('is refused by node:crypto exactly as jose refuses it (%s)', async (alg) => {
    const { publicKey, token } = await signed(alg);
    const [head, body, signature] = token.split('.') as [string, string, string];
    for (const odd of [
      `${head}.${body}`,
      `${token}.${signature}`,
      `${head}.${body}x.${signature}`,
      `${head}.${body}.${signature}x`,
    ]) {
      const node = await outcome(() => verifySignatureWithNode(nodeCrypto, odd, publicKey, alg));
      expect(node.code).toBeDefined();
      expect(node).toEqual(await outcome(() => verifyWithWeb(odd, publicKey, alg)));
    }
  });
});
