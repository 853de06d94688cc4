// The claim rules of a Logto access token as a client meets them: 401 invalid_token with the failing
// check named (debug on), at the exact second each time rule turns, on a frozen clock.
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type Guard, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const clock = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW = clock / 1000;
const TOLERANCE = 5;
let issuer: TestIssuer;
let guard: Guard;

beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => clock });
  guard = createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    fetch: issuer.fetch,
    now: () => clock,
    clockTolerance: TOLERANCE,
    tokenCache: false,
    debug: true,
  });
});

/** 200, or the status, code and detail a client gets; the challenge must carry the same detail. */
async function answer(claims: Record<string, unknown>) {
  const token = await issuer.sign({
    iss: issuer.issuer,
    sub: 'user-1',
    client_id: 'app-1',
    aud: API,
    iat: NOW,
    exp: NOW + 3600,
    ...claims,
  });
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
  if (outcome.ok) return 200;
  const { status, body, headers } = outcome.response;
  expect(body.error).toBe('Invalid token');
  // The challenge carries the same detail as a quoted-string: its `"` escaped.
  expect(headers['www-authenticate']).toBe(
    `Bearer realm="api", error="invalid_token", error_description="${body.detail?.replaceAll('"', '\\"')}"`,
  );
  return `${status} ${body.code}: ${body.detail}`;
}

describe('times, with a 5 s tolerance', () => {
  it('rejects exp at now minus the tolerance, accepts it one second later', async () => {
    expect(await answer({ exp: NOW - TOLERANCE })).toBe('401 token_expired: Token has expired');
    expect(await answer({ exp: NOW - TOLERANCE + 1 })).toBe(200);
  });

  it('rejects nbf one second past now plus the tolerance, accepts it at the edge', async () => {
    expect(await answer({ nbf: NOW + TOLERANCE + 1 })).toBe(
      '401 token_not_yet_valid: Token is not valid yet ("nbf" is in the future)',
    );
    expect(await answer({ nbf: NOW + TOLERANCE })).toBe(200);
  });

  it('rejects iat one second past now plus the tolerance, accepts it at the edge', async () => {
    expect(await answer({ iat: NOW + TOLERANCE + 1 })).toBe(
      '401 token_not_yet_valid: Token was issued in the future ("iat")',
    );
    expect(await answer({ iat: NOW + TOLERANCE })).toBe(200);
  });

  it('accepts a token without iat (nbf is absent in Logto tokens)', async () => {
    expect(await answer({ iat: undefined })).toBe(200);
  });

  it('rejects a missing or non-numeric exp, nbf or iat, naming it', async () => {
    expect(await answer({ exp: undefined })).toBe('401 invalid_claim: "exp" claim must be a number');
    expect(await answer({ nbf: String(NOW) })).toBe('401 invalid_claim: "nbf" claim must be a number');
    expect(await answer({ iat: null })).toBe('401 invalid_claim: "iat" claim must be a number');
  });
});

describe('issuer and claim types', () => {
  it('rejects another issuer', async () => {
    expect(await answer({ iss: 'https://evil.example.com/oidc' })).toBe(
      '401 invalid_issuer: Token issuer is not accepted',
    );
  });

  it('rejects sub, client_id, aud, scope and organization_id of the wrong type, naming the claim', async () => {
    expect(await answer({ sub: 1 })).toBe('401 invalid_claim: "sub" claim must be a string');
    expect(await answer({ client_id: ['app-1'] })).toBe(
      '401 invalid_claim: "client_id" claim must be a string',
    );
    expect(await answer({ aud: [API, 7] })).toBe(
      '401 invalid_claim: "aud" claim must be a string or strings',
    );
    expect(await answer({ aud: { resource: API } })).toBe(
      '401 invalid_claim: "aud" claim must be a string or strings',
    );
    expect(await answer({ scope: 7 })).toBe('401 invalid_claim: "scope" claim must be a string');
    expect(await answer({ organization_id: null })).toBe(
      '401 invalid_claim: "organization_id" claim must be a string',
    );
  });

  it('accepts aud as a list of strings holding this API', async () => {
    expect(await answer({ aud: ['https://other.example.com', API] })).toBe(200);
  });
});
