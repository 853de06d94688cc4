// Several Logto tenants in one guard: one key set per issuer, picked by `iss`, and `iss` checked against
// the allow-list before any fetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type Guard, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
let tenantA: TestIssuer;
let tenantB: TestIssuer;
let fetched: string[];
const countingFetch: typeof fetch = (input, init) => {
  fetched.push(String(input));
  return fetch(input, init);
};

beforeAll(async () => {
  [tenantA, tenantB] = await Promise.all([
    createTestIssuer({ listen: true }),
    createTestIssuer({ listen: true }),
  ]);
});
afterAll(async () => {
  await tenantA?.close();
  await tenantB?.close();
});

async function status(guard: Guard, token: string) {
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
  return outcome.ok ? 200 : `${outcome.response.status} ${outcome.error.code}`;
}

describe('a guard for several tenants', () => {
  it('verifies the tokens of every issuer with that issuer’s own keys (before: unknown_key for B)', async () => {
    fetched = [];
    const guard = createGuard({
      issuer: [tenantA.issuer, tenantB.issuer],
      audience: API,
      fetch: countingFetch,
    });
    expect(await status(guard, await tenantA.mintApiToken(API))).toBe(200);
    expect(await status(guard, await tenantB.mintApiToken(API))).toBe(200);
    expect(fetched.filter((url) => url.endsWith('/jwks'))).toEqual([tenantA.jwksUri, tenantB.jwksUri]);
  });

  it('does not verify a token of A with the keys of B', async () => {
    const guard = createGuard({ issuer: [tenantA.issuer, tenantB.issuer], audience: API });
    // Signed by A's key, claiming to be from B: B's key set has no such kid.
    const crossed = await tenantA.mintApiToken(API, { claims: { iss: tenantB.issuer } });
    expect(await status(guard, crossed)).toBe('401 unknown_key');
  });

  it('refuses a hostile iss before any request is made', async () => {
    fetched = [];
    const guard = createGuard({
      issuer: [tenantA.issuer, tenantB.issuer],
      audience: API,
      fetch: countingFetch,
    });
    const hostile = await tenantA.mintApiToken(API, { claims: { iss: 'https://attacker.example/oidc' } });
    expect(await status(guard, hostile)).toBe('401 invalid_issuer');
    expect(fetched).toEqual([]);
  });

  it('takes a JWKS URI per issuer, and keeps custom domains of one endpoint on one key set', async () => {
    fetched = [];
    const perIssuer = createGuard({
      issuer: [tenantA.issuer, tenantB.issuer],
      jwksUri: { [tenantB.issuer]: tenantB.jwksUri },
      audience: API,
      fetch: countingFetch,
    });
    expect(await status(perIssuer, await tenantB.mintApiToken(API))).toBe(200);
    expect(fetched).toEqual([tenantB.jwksUri]);
    expect(() =>
      createGuard({
        issuer: [tenantA.issuer],
        jwksUri: { 'https://x/oidc': 'https://x/jwks' },
        audience: API,
      }),
    ).toThrow(/jwksUri/);

    const customDomain = 'https://auth.example.com/oidc';
    const oneTenant = createGuard({
      endpoint: tenantA.endpoint,
      issuer: [tenantA.issuer, customDomain],
      audience: API,
    });
    expect(oneTenant.options.keySources).toHaveLength(1);
    expect(await status(oneTenant, await tenantA.mintApiToken(API, { claims: { iss: customDomain } }))).toBe(
      200,
    );
  });
});
