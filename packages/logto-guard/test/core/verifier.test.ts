import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, LogtoGuardError } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SECONDS = NOW / 1000;
const now = () => NOW;

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ now });
});

const guardFor = (options: Partial<GuardOptions> = {}) =>
  createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    fetch: issuer.fetch,
    now,
    tokenCache: false,
    ...options,
  });

async function rejection(token: string, options: Partial<GuardOptions> = {}) {
  try {
    await guardFor(options).verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardError);
    return (error as LogtoGuardError).code;
  }
  throw new Error('expected the token to be rejected');
}

const claims = () => ({ iss: issuer.issuer, sub: 'user-1', client_id: 'app-1', aud: API, exp: SECONDS + 60 });

// The claims-set rules themselves are tested in claims.test.ts; here, that the verifier applies them with
// the guard's clock and tolerance.
describe('verifier: claims set with the guard clock', () => {
  it('rejects a token whose exp is more than the tolerance in the past', async () => {
    expect(await rejection(await issuer.sign({ ...claims(), exp: SECONDS - 6 }))).toBe('token_expired');
  });

  it('honours a larger configured tolerance', async () => {
    const token = await issuer.sign({ ...claims(), exp: SECONDS - 30 });
    expect(await rejection(token)).toBe('token_expired');
    await expect(guardFor({ clockTolerance: 60 }).verify(token)).resolves.toBeDefined();
  });
});

describe('verifier: header rules', () => {
  it('accepts typ at+jwt and application/at+jwt in any case', async () => {
    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT']) {
      await expect(guardFor().verify(await issuer.sign(claims(), { typ }))).resolves.toBeDefined();
    }
  });

  it('rejects typ JWT, a missing typ, and accepts them only when requireAccessTokenType is false', async () => {
    expect(await rejection(await issuer.sign(claims(), { typ: 'JWT' }))).toBe('invalid_typ');
    expect(await rejection(await issuer.sign(claims(), { typ: undefined }))).toBe('invalid_typ');
    const relaxed = guardFor({ requireAccessTokenType: false });
    await expect(relaxed.verify(await issuer.sign(claims(), { typ: 'JWT' }))).resolves.toBeDefined();
  });

  it('rejects an algorithm outside the allow-list even with a valid signature', async () => {
    expect(await rejection(await issuer.sign(claims()), { algorithms: ['RS256'] })).toBe(
      'algorithm_not_allowed',
    );
  });

  it('rejects a crit header, even one jose would understand', async () => {
    expect(await rejection(await issuer.sign(claims(), { crit: ['b64'], b64: true }))).toBe(
      'unsupported_crit',
    );
  });

  it('rejects a token without kid', async () => {
    expect(await rejection(await issuer.sign(claims(), { kid: undefined }))).toBe('missing_kid');
  });

  it('ignores embedded jwk and jku headers and never fetches them', async () => {
    const attacker = await generateKeyPair('ES384', { extractable: true });
    const { exportJWK } = await import('jose');
    const fetched: string[] = [];
    const token = await new SignJWT(claims())
      .setProtectedHeader({
        alg: 'ES384',
        typ: 'at+jwt',
        kid: 'attacker',
        jwk: await exportJWK(attacker.publicKey),
        jku: 'https://evil.example.com/jwks',
      })
      .sign(attacker.privateKey);
    const spyFetch: typeof fetch = (input, init) => {
      fetched.push(String(input));
      return issuer.fetch(input, init);
    };
    expect(await rejection(token, { fetch: spyFetch })).toBe('unknown_key');
    expect(fetched.some((url) => url.includes('evil'))).toBe(false);
  });

  it('rejects a tampered payload with invalid_signature', async () => {
    const [head, , signature] = (await issuer.sign(claims())).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims(), scope: 'admin' })).toString('base64url');
    expect(await rejection(`${head}.${forged}.${signature}`)).toBe('invalid_signature');
  });

  it('rejects garbage, JWE-shaped and non-JSON tokens as malformed', async () => {
    expect(await rejection('abc')).toBe('token_malformed');
    expect(await rejection('a.b.c.d.e')).toBe('token_malformed');
    const head = Buffer.from(JSON.stringify({ alg: 'ES384', typ: 'at+jwt', kid: issuer.kid })).toString(
      'base64url',
    );
    expect(await rejection(`${head}.bm90IGpzb24.c2ln`)).toBe('invalid_signature');
  });
});

describe('verifier: claims', () => {
  it('rejects an issuer that differs in any way, and accepts every configured custom domain', async () => {
    expect(await rejection(await issuer.sign({ ...claims(), iss: `${issuer.issuer}/` }))).toBe(
      'invalid_issuer',
    );
    const custom = await issuer.sign({ ...claims(), iss: 'https://auth.example.com/oidc' });
    expect(await rejection(custom)).toBe('invalid_issuer');
    const guard = guardFor({
      issuer: [issuer.issuer, 'https://auth.example.com/oidc'],
      jwksUri: issuer.jwksUri,
    });
    await expect(guard.verify(custom)).resolves.toBeDefined();
  });

  it('rejects a claim of the wrong type', async () => {
    expect(await rejection(await issuer.sign({ ...claims(), sub: 1 as never }))).toBe('invalid_claim');
  });

  it('gives AuthInfo in the guide JSON shape with the claims reachable', async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-1', { scopes: ['read:projects', 'x'] });
    const auth = await guardFor().verify(token);
    expect(JSON.parse(JSON.stringify(auth))).toEqual({
      sub: 'user-1',
      clientId: 'app-1',
      organizationId: 'org-1',
      scopes: ['read:projects', 'x'],
      audience: [API],
    });
    expect(auth.claims.organization_id).toBe('org-1');
    expect(Object.isFrozen(auth)).toBe(true);
  });
});
