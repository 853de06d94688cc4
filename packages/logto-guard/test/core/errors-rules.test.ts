// What an application reads on a failure `guard.verify` throws or `guard.check` returns: the class name,
// kind, status and code, the route's scopes on a 403 only, and the cause of a 503 kept for its logs.
import { describe, expect, it } from 'vitest';
import {
  CredentialsError,
  createGuard,
  globalApi,
  LogtoGuardError,
  PermissionError,
  TokenError,
  UnavailableError,
} from '../../src/core/index.js';
import { createTestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const now = () => Date.UTC(2026, 0, 15, 12, 0, 0);

describe('failures as errors an application can log and switch on', () => {
  it('rejects an expired token with a TokenError: 401, kind token, no scopes, no cause', async () => {
    const issuer = await createTestIssuer({ now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    const error = await guard.verify(await issuer.mintApiToken(API, { expiresIn: -60 })).catch((e) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toBeInstanceOf(LogtoGuardError);
    expect(error).toMatchObject({
      name: 'TokenError',
      kind: 'token',
      code: 'token_expired',
      status: 401,
      requiredScopes: [],
      message: 'Token has expired',
    });
    expect('cause' in error).toBe(false);
  });

  it('rejects a request without a token with a CredentialsError named so', async () => {
    const issuer = await createTestIssuer({ now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    const outcome = await guard.check({ authorization: undefined, request: {} }, globalApi());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(CredentialsError);
    expect(outcome.error).toMatchObject({ name: 'CredentialsError', kind: 'credentials', status: 401 });
  });

  it('rejects a token lacking a scope with a PermissionError carrying the route scopes', async () => {
    const issuer = await createTestIssuer({ now });
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, now });
    const outcome = await guard.check(
      { authorization: `Bearer ${await issuer.mintApiToken(API)}`, request: {} },
      globalApi({ scopes: ['read', 'write'] }),
    );
    if (outcome.ok) throw new Error('expected a failure');
    expect(outcome.error).toBeInstanceOf(PermissionError);
    expect(outcome.error).toMatchObject({
      name: 'PermissionError',
      kind: 'permission',
      status: 403,
      requiredScopes: ['read', 'write'],
    });
  });

  it('answers an unreachable key set with an UnavailableError that keeps the cause', async () => {
    const issuer = await createTestIssuer({ now });
    const refused = new Error('connect ECONNREFUSED');
    const guard = createGuard({
      jwksUri: issuer.jwksUri,
      issuer: issuer.issuer,
      audience: API,
      now,
      fetch: async () => {
        throw refused;
      },
    });
    const error = await guard.verify(await issuer.mintApiToken(API)).catch((e) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({
      name: 'UnavailableError',
      kind: 'unavailable',
      code: 'jwks_unavailable',
      status: 503,
      message: 'JSON Web Key Set could not be loaded',
    });
    expect(error.cause).toBeInstanceOf(Error);
  });
});
