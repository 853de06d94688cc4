// The verifier's header and issuer rules through `guard.check`, as a client meets them (debug on: the
// failing check's code and message), and how many key-set fetches each costs: a token refused by its
// header or its issuer never makes the guard fetch anything.
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const clock = Date.UTC(2026, 0, 15, 12, 0, 0);
let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => clock });
});

function guardWith(options: Partial<GuardOptions> = {}) {
  const counter = { fetches: 0 };
  const guard = createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    now: () => clock,
    debug: true,
    fetch: (input, init) => {
      counter.fetches += 1;
      return issuer.fetch(input, init);
    },
    ...options,
  });
  const answer = async (token: string) => {
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    return outcome.ok
      ? 200
      : `${outcome.response.status} ${outcome.response.body.code}: ${outcome.response.body.detail}`;
  };
  return { counter, answer };
}

const claims = () => ({
  iss: issuer.issuer,
  sub: 'user-1',
  client_id: 'app-1',
  aud: API,
  exp: clock / 1000 + 3600,
});

describe('header rules, checked before any key is fetched', () => {
  it('rejects an algorithm outside the guard allow-list, though the key would verify it', async () => {
    const { counter, answer } = guardWith({ algorithms: ['ES256'] });
    expect(await answer(await issuer.sign(claims()))).toBe(
      '401 algorithm_not_allowed: Token "alg" is not accepted',
    );
    expect(counter.fetches).toBe(0);
  });

  it('rejects a crit header', async () => {
    const { counter, answer } = guardWith();
    const token = await issuer.sign(claims(), { crit: ['b64'], b64: true });
    expect(await answer(token)).toBe('401 unsupported_crit: Token "crit" header is not supported');
    expect(counter.fetches).toBe(0);
  });

  it('rejects a typ other than at+jwt, naming RFC 9068, unless requireAccessTokenType is false', async () => {
    const token = await issuer.sign(claims(), { typ: 'JWT' });
    const strict = guardWith();
    expect(await strict.answer(token)).toBe('401 invalid_typ: Token "typ" is not "at+jwt" (RFC 9068)');
    expect(strict.counter.fetches).toBe(0);
    expect(await guardWith({ requireAccessTokenType: false }).answer(token)).toBe(200);
  });

  it('rejects an empty kid', async () => {
    const { counter, answer } = guardWith();
    expect(await answer(await issuer.sign(claims(), { kid: '' }))).toBe(
      '401 missing_kid: Token has no "kid"',
    );
    expect(counter.fetches).toBe(0);
  });
});

describe('issuer and payload rules', () => {
  it('rejects an issuer the guard does not accept without fetching its keys', async () => {
    const { counter, answer } = guardWith();
    const token = await issuer.sign({ ...claims(), iss: 'https://evil.example.com/oidc' });
    expect(await answer(token)).toBe('401 invalid_issuer: Token issuer is not accepted');
    expect(await answer(await issuer.sign({ ...claims(), iss: 7 as unknown as string }))).toBe(
      '401 invalid_issuer: Token issuer is not accepted',
    );
    expect(counter.fetches).toBe(0);
  });

  it('rejects a payload that is not base64url JSON as malformed', async () => {
    const { answer } = guardWith();
    const [head, , signature] = (await issuer.sign(claims())).split('.');
    expect(await answer(`${head}.bm90IGpzb24.${signature}`)).toBe(
      '401 token_malformed: Token payload is not a JSON object',
    );
  });

  it('rejects a header that is not JSON as malformed', async () => {
    const { answer } = guardWith();
    expect(await answer('bm90IGpzb24.e30.c2ln')).toBe('401 token_malformed: Token is not a well-formed JWS');
  });

  it('rejects a payload changed after signing: invalid_signature, after one key-set fetch', async () => {
    const { counter, answer } = guardWith();
    const [head, , signature] = (await issuer.sign(claims())).split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims(), sub: 'admin' })).toString('base64url');
    expect(await answer(`${head}.${payload}.${signature}`)).toBe(
      '401 invalid_signature: Token signature is invalid',
    );
    expect(counter.fetches).toBe(2); // discovery, then the key set
  });

  it('rejects a truncated signature as malformed, not as a bad signature', async () => {
    const { answer } = guardWith();
    const [head, payload] = (await issuer.sign(claims())).split('.');
    expect(await answer(`${head}.${payload}.A`)).toBe('401 token_malformed: Token could not be verified');
  });

  it('reuses a verified token from the cache without fetching again', async () => {
    const cached = guardWith();
    const token = await issuer.mintApiToken(API);
    expect(await cached.answer(token)).toBe(200);
    expect(await cached.answer(token)).toBe(200);
    expect(await cached.answer(token)).toBe(200);
    expect(cached.counter.fetches).toBe(2);
  });
});

describe('a payload is read as strict UTF-8', () => {
  it('rejects a signed payload holding an invalid UTF-8 sequence as malformed, before its signature', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const iss = 'https://utf8.example.com/oidc';
    const guard = createGuard({
      issuer: iss,
      jwksUri: `${iss}/jwks`,
      audience: API,
      now: () => clock,
      debug: true,
      fetch: async () => Response.json({ keys: [jwk] }),
    });
    const json = JSON.stringify({ iss, sub: 'SUB', client_id: 'app-1', aud: API, exp: clock / 1000 + 60 });
    const bytes = new TextEncoder().encode(json);
    const at = json.indexOf('SUB');
    bytes.set([0xff, 0xfe, 0xfd], at); // not UTF-8: a lenient decoder would read U+FFFD
    const token = await new CompactSign(bytes)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
      .sign(privateKey);
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    expect(outcome.ok ? 200 : `${outcome.response.body.code}: ${outcome.response.body.detail}`).toBe(
      'token_malformed: Token payload is not a JSON object',
    );
  });
});
