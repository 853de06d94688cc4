import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';

import { DEFAULT_API_RESOURCE, type DevIssuer, startDevIssuer } from '../../src/index.js';
import { decode, fullAccess, tokenFor, verifyAccessToken } from '../helpers.js';

const started: DevIssuer[] = [];

async function start(options: Parameters<typeof startDevIssuer>[0] = {}): Promise<DevIssuer> {
  const issuer = await startDevIssuer({ port: 0, ...options });
  started.push(issuer);
  return issuer;
}

async function fetchJwks(issuer: DevIssuer): Promise<{ response: Response; keys: JWK[] }> {
  const response = await fetch(issuer.jwksUri);
  const { keys } = (await response.json()) as { keys: JWK[] };
  return { response, keys };
}

const apiToken = async (issuer: DevIssuer) =>
  (await tokenFor(issuer, fullAccess, { resource: DEFAULT_API_RESOURCE, scope: 'api:read' })).access_token;

afterEach(async () => {
  await Promise.all(started.splice(0).map((issuer) => issuer.close()));
});

describe('JWKS', () => {
  it('serves one EC P-384 public key with alg ES384, use sig and a thumbprint kid', async () => {
    const issuer = await start();
    const { keys } = await fetchJwks(issuer);
    expect(keys).toHaveLength(1);
    const [key] = keys as [JWK];
    expect(key).toMatchObject({
      kty: 'EC',
      crv: 'P-384',
      alg: 'ES384',
      use: 'sig',
      kid: issuer.currentKey.kid,
    });
    expect(key.d).toBeUndefined();
    expect(await calculateJwkThumbprint(key)).toBe(key.kid);
  });

  it('is served with Cache-Control: no-cache, max-age=0 like Logto', async () => {
    const issuer = await start();
    const { response } = await fetchJwks(issuer);
    expect(response.headers.get('cache-control')).toBe('no-cache, max-age=0');
  });

  it('is the jwks_uri of the discovery document, whose issuer is <base>/oidc', async () => {
    const issuer = await start();
    const response = await fetch(issuer.discoveryUrl);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      token_endpoint: issuer.tokenEndpoint,
    });
    expect(discovery.grant_types_supported).toContain('client_credentials');
    expect(issuer.issuer).toBe(`${issuer.url}/oidc`);
  });
});

describe('RS256 mode', () => {
  it('signs RS256 tokens with an RSA key published without alg, like Logto', async () => {
    const issuer = await start({ alg: 'RS256' });
    const { keys } = await fetchJwks(issuer);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', kid: issuer.currentKey.kid });
    expect(keys[0]!.alg).toBeUndefined();
    expect(await calculateJwkThumbprint(keys[0]!)).toBe(keys[0]!.kid);

    const { header, payload } = await verifyAccessToken(
      issuer,
      await apiToken(issuer),
      DEFAULT_API_RESOURCE,
      ['RS256'],
    );
    expect(header).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: issuer.currentKey.kid });
    expect(payload.sub).toBe(fullAccess.id);
  });

  it('produces tokens a verifier pinned to ES384 rejects', async () => {
    const issuer = await start({ alg: 'RS256' });
    await expect(
      verifyAccessToken(issuer, await apiToken(issuer), DEFAULT_API_RESOURCE, ['ES384']),
    ).rejects.toThrow();
  });
});

describe('key rotation', () => {
  it('signs with the new key while the old token still verifies against the JWKS', async () => {
    const issuer = await start();
    const before = issuer.currentKey;
    const oldToken = await apiToken(issuer);

    const rotated = await issuer.rotateKeys();
    expect(rotated.kid).not.toBe(before.kid);
    expect(rotated.alg).toBe('ES384');
    expect(issuer.currentKey).toEqual(rotated);

    const newToken = await apiToken(issuer);
    expect(decode(newToken).header.kid).toBe(rotated.kid);
    expect(decode(oldToken).header.kid).toBe(before.kid);
    await verifyAccessToken(issuer, oldToken, DEFAULT_API_RESOURCE);
    await verifyAccessToken(issuer, newToken, DEFAULT_API_RESOURCE);

    const { keys } = await fetchJwks(issuer);
    expect(keys.map((key) => key.kid)).toEqual([rotated.kid, before.kid]);
  });

  it('keeps at most two keys: the current and the previous one', async () => {
    const issuer = await start();
    const first = issuer.currentKey;
    const firstToken = await apiToken(issuer);
    const second = await issuer.rotateKeys();
    const third = await issuer.rotateKeys();

    const { keys } = await fetchJwks(issuer);
    expect(keys.map((key) => key.kid)).toEqual([third.kid, second.kid]);
    expect(issuer.keys).toEqual([third, second]);
    // A token of the dropped key no longer verifies.
    await expect(verifyAccessToken(issuer, firstToken, DEFAULT_API_RESOURCE)).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(first.kid).not.toBe(third.kid);
  });

  it('rotates from EC to RSA and publishes both key types at once', async () => {
    const issuer = await start();
    const ecToken = await apiToken(issuer);
    const rotated = await issuer.rotateKeys({ alg: 'RS256' });
    expect(rotated.alg).toBe('RS256');

    const rsaToken = await apiToken(issuer);
    expect(decode(rsaToken).header).toMatchObject({ alg: 'RS256', kid: rotated.kid });

    const { keys } = await fetchJwks(issuer);
    expect(keys.map((key) => [key.kty, key.alg])).toEqual([
      ['RSA', undefined],
      ['EC', 'ES384'],
    ]);
    await verifyAccessToken(issuer, ecToken, DEFAULT_API_RESOURCE, ['ES384', 'RS256']);
    await verifyAccessToken(issuer, rsaToken, DEFAULT_API_RESOURCE, ['ES384', 'RS256']);
  });
});

describe('concurrent rotations', () => {
  it('applies concurrent rotations one after the other, serving the last key', async () => {
    const issuer = await start();
    const [, second] = await Promise.all([issuer.rotateKeys(), issuer.rotateKeys({ alg: 'RS256' })]);
    expect(issuer.currentKey).toEqual(second);
    const token = await apiToken(issuer);
    expect(decode(token).header).toMatchObject({ alg: 'RS256', kid: second.kid });
  });

  it('rejects an unsupported algorithm without rotating', async () => {
    const issuer = await start();
    const before = issuer.currentKey;
    await expect(issuer.rotateKeys({ alg: 'HS256' as 'ES384' })).rejects.toThrow(TypeError);
    expect(issuer.keys).toEqual([before]);
  });
});
