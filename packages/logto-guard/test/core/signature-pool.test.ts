// The bound on ECDSA checks handed to libuv's thread pool: a flood never holds more than three pool threads (one of libuv's four stays free),
// and every check still gets its own answer, in order of arrival.
import { readFile } from 'node:fs/promises';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  loadNodeCrypto,
  noteCacheHit,
  signatureChecksStarted,
  signaturesInFlight,
  verifySignatureWithNode,
} from '../../src/core/signature/node.js';

const nodeCrypto = loadNodeCrypto();

describe('signature checks on the thread pool', () => {
  it('keeps at most three ES384 checks on the pool under a flood, and answers every one correctly', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES384');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES384' }).sign(privateKey);
    const [head, body] = token.split('.');
    const forged = `${head}.${body}.${Buffer.alloc(96, 7).toString('base64url')}`;
    let most = 0;
    let sampling = true;
    const sample = () => {
      most = Math.max(most, signaturesInFlight().running);
      if (sampling) setImmediate(sample);
    };
    sample();
    const checks = Array.from({ length: 60 }, (_, i) =>
      verifySignatureWithNode(nodeCrypto!, i % 3 === 0 ? token : forged, publicKey, 'ES384').then(
        () => 'valid',
        (error: { code?: string }) => error.code,
      ),
    );
    expect(signaturesInFlight()).toEqual({ running: 3, waiting: 57 });
    // Other users of the pool are not queued behind the flood.
    await readFile(new URL(import.meta.url));
    const results = await Promise.all(checks);
    sampling = false;
    expect(most).toBe(3);
    expect(results).toEqual(
      Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'valid' : 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')),
    );
    expect(signaturesInFlight()).toEqual({ running: 0, waiting: 0 });
  });

  it('checks one ECDSA signature alone in its turn on this thread, and two of one turn on the pool', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const [head, body] = token.split('.');
    const forged = `${head}.${body}.${Buffer.alloc(64, 7).toString('base64url')}`;
    const check = (t: string) =>
      verifySignatureWithNode(nodeCrypto!, t, publicKey, 'ES256').then(
        (payload) => new TextDecoder().decode(payload),
        (error: { code?: string }) => error.code,
      );
    const before = signatureChecksStarted();
    expect(await check(token)).toBe('{"sub":"x"}');
    expect(await check(forged)).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    const alone = signatureChecksStarted();
    expect(alone).toEqual({ inline: before.inline + 2, pool: before.pool });
    expect(await Promise.all([check(token), check(forged)])).toEqual([
      '{"sub":"x"}',
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ]);
    expect(signatureChecksStarted()).toEqual({ inline: alone.inline, pool: alone.pool + 2 });
    expect(signaturesInFlight()).toEqual({ running: 0, waiting: 0 });
  });

  it('sends even a lone check to the pool while cached tokens are being served', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const before = signatureChecksStarted();
    noteCacheHit(); // a request was just answered from the cache: the event loop has other work
    await verifySignatureWithNode(nodeCrypto!, token, publicKey, 'ES256');
    expect(signatureChecksStarted()).toEqual({ inline: before.inline, pool: before.pool + 1 });
  });
});
