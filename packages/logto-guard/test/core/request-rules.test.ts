// Request-level rules a client sees in the answer: which Authorization schemes are refused and the detail
// `debug` gives, what the challenge and body of a 401 hold with `debug` on, a route that asks for any of
// no scopes, a guard of two audiences, and the option an invalid issuer URL is blamed on.
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, globalApi, LogtoGuardConfigError } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const clock = Date.UTC(2026, 0, 15, 12, 0, 0);
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => clock });
});

async function answer(
  authorization: string | string[] | undefined,
  options: { debug?: boolean; audience?: string[]; policy?: ReturnType<typeof globalApi> } = {},
) {
  const guard = createGuard({
    endpoint: issuer.endpoint,
    audience: options.audience ?? API,
    fetch: issuer.fetch,
    now: () => clock,
    debug: options.debug ?? true,
  });
  const outcome = await guard.check({ authorization, request: {} }, options.policy ?? globalApi());
  return outcome.ok ? { status: 200 } : outcome.response;
}

describe('Authorization header', () => {
  it('refuses a scheme of six letters other than Bearer', async () => {
    expect(await answer('Digest abc.def.ghi')).toMatchObject({
      status: 401,
      body: { code: 'unsupported_scheme', detail: 'Authorization header must start with "Bearer "' },
    });
  });

  it('says the header is malformed, with debug, for two values and for characters outside a b64token', async () => {
    const token = await issuer.mintApiToken(API);
    for (const authorization of [[`Bearer ${token}`, `Bearer ${token}`], 'Bearer a"b']) {
      expect(await answer(authorization)).toMatchObject({
        status: 401,
        body: { code: 'malformed_authorization', detail: 'Authorization header is malformed' },
      });
    }
  });
});

describe('401 answers with debug on', () => {
  it('give no error_description to a request without credentials', async () => {
    const response = await answer(undefined);
    expect(response).toMatchObject({ status: 401, body: { code: 'missing_authorization' } });
    expect((response as { headers: Record<string, string> }).headers['www-authenticate']).toBe(
      'Bearer realm="api"',
    );
  });

  it('put no cause in the body of a failure that is not a 503', async () => {
    const token = await issuer.mintApiToken(API);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(128)}`;
    const response = await answer(`Bearer ${forged}`);
    expect(response).toStrictEqual({
      status: 401,
      headers: {
        'cache-control': 'no-store',
        'www-authenticate':
          'Bearer realm="api", error="invalid_token", error_description="Token signature is invalid"',
      },
      body: {
        error: 'Invalid token',
        code: 'invalid_signature',
        detail: 'Token signature is invalid',
      },
    });
  });
});

describe('the failure a passErrors handler gets', () => {
  it("keeps the library's error that refused the signature as its cause", async () => {
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: issuer.fetch,
      now: () => clock,
    });
    const token = await issuer.mintApiToken(API);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(128)}`;
    const outcome = await guard.check({ authorization: `Bearer ${forged}`, request: {} }, globalApi());
    if (outcome.ok) throw new Error('expected a failure');
    expect(outcome.error.code).toBe('invalid_signature');
    expect(outcome.error.cause).toBeInstanceOf(Error);
  });
});

describe('policies', () => {
  it('lets a route that asks for any of no scopes through', async () => {
    const token = await issuer.mintApiToken(API);
    expect(await answer(`Bearer ${token}`, { policy: globalApi({ match: 'any' }) })).toEqual({ status: 200 });
  });

  it('accepts a token for one of the two audiences of a guard', async () => {
    const token = await issuer.mintApiToken('https://admin.example.com');
    expect(await answer(`Bearer ${token}`, { audience: [API, 'https://admin.example.com'] })).toEqual({
      status: 200,
    });
  });
});

describe('options', () => {
  it('blames an invalid issuer URL on the issuer option', () => {
    expect(() => createGuard({ issuer: 'tenant.logto.app/oidc', audience: API })).toThrow(
      new LogtoGuardConfigError('issuer', 'must be an absolute URL, got "tenant.logto.app/oidc"'),
    );
    try {
      createGuard({ issuer: 'tenant.logto.app/oidc', audience: API });
    } catch (error) {
      expect((error as LogtoGuardConfigError).option).toBe('issuer');
      expect((error as Error).message).toBe(
        'options.issuer must be an absolute URL, got "tenant.logto.app/oidc"',
      );
    }
  });
});
