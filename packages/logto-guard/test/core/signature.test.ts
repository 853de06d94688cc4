// The two signature paths: node:crypto (chosen on Node.js) and jose/WebCrypto (everywhere else) must agree.
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signaturePath } from '../../src/core/signature/index.js';
import { loadNodeCrypto, verifySignatureWithNode } from '../../src/core/signature/node.js';
import {
  checkSignature as checkWithWeb,
  noteCacheHit as noteCacheHitOnWeb,
  verifySignature as verifyWithWeb,
} from '../../src/core/signature/web.js';

const nodeCrypto = loadNodeCrypto();
const algorithms = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256'] as const;

async function outcome(run: () => Promise<Uint8Array>) {
  try {
    return { payload: new TextDecoder().decode(await run()) };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? (error as Error).name };
  }
}

describe('signature paths', () => {
  it('runs the suite on the path this run selects', () => {
    expect(signaturePath).toBe(process.env.LOGTO_GUARD_SIGNATURE_PATH ?? 'node');
    expect(nodeCrypto).toBeDefined();
  });

  it.each(algorithms)('agree on a valid %s signature and on a tampered one', async (alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg);
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg }).sign(privateKey);
    const node = (t: string) => () => verifySignatureWithNode(nodeCrypto!, t, publicKey, alg);
    const web = (t: string) => () => verifyWithWeb(t, publicKey, alg);
    expect(await outcome(node(token))).toEqual({ payload: '{"sub":"x"}' });
    expect(await outcome(web(token))).toEqual({ payload: '{"sub":"x"}' });
    const [head, , signature] = token.split('.');
    const forged = `${head}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${signature}`;
    expect(await outcome(node(forged))).toEqual({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(await outcome(web(forged))).toEqual(await outcome(node(forged)));
    const truncated = token.slice(0, -10);
    expect(await outcome(node(truncated))).toEqual(await outcome(web(truncated)));
  });

  it('rejects a tampered RS256 signature of a 4096-bit key (checked on the thread pool) like jose', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 4096 });
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    const node = (t: string) => () => verifySignatureWithNode(nodeCrypto!, t, publicKey, 'RS256');
    expect(await outcome(node(token))).toEqual({ payload: '{"sub":"x"}' });
    const [head, , signature] = token.split('.');
    const forged = `${head}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.${signature}`;
    expect(await outcome(node(forged))).toEqual({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    expect(await outcome(() => verifyWithWeb(forged, publicKey, 'RS256'))).toEqual(
      await outcome(node(forged)),
    );
  });

  it('refuses a key of another algorithm on both paths', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const { privateKey } = await generateKeyPair('ES384');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES384' }).sign(privateKey);
    const node = await outcome(() => verifySignatureWithNode(nodeCrypto!, token, publicKey, 'ES384'));
    expect(node.code).toBeDefined();
    expect(node).toEqual(await outcome(() => verifyWithWeb(token, publicKey, 'ES384')));
  });

  it('rejects on the WebCrypto path a token whose header names another algorithm than the one asked', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS384');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS384' }).sign(privateKey);
    expect(await outcome(() => verifyWithWeb(token, publicKey, 'RS384'))).toEqual({ payload: '{}' });
    expect(await outcome(() => verifyWithWeb(token, publicKey, 'RS256'))).toEqual({
      code: 'ERR_JOSE_ALG_NOT_ALLOWED',
    });
  });

  it('checks a split token on the WebCrypto path, always asynchronously', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const first = token.indexOf('.');
    const jws = { token, first, second: token.indexOf('.', first + 1), plain: true };
    const pending = checkWithWeb(jws, publicKey, 'ES256');
    expect(pending).toBeInstanceOf(Promise);
    expect(await outcome(() => pending)).toEqual({ payload: '{"sub":"x"}' });
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await outcome(() => checkWithWeb({ ...jws, token: forged }, publicKey, 'ES256'))).toEqual({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    expect(noteCacheHitOnWeb()).toBeUndefined();
  });
});
