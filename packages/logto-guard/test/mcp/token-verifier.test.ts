import {
  InsufficientScopeError,
  InvalidTokenError,
  ServerError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type Guard, LogtoGuardConfigError } from '../../src/core/index.js';
import { createTokenVerifier } from '../../src/mcp/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://mcp.example.com/mcp';

describe('createTokenVerifier', () => {
  let issuer: TestIssuer;
  let guard: Guard;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
  });
  afterAll(() => issuer.close());

  it("gives the SDK's AuthInfo with our sub, organization and claims in extra", async () => {
    const token = await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] });
    const info = await createTokenVerifier(guard).verifyAccessToken(token);
    expect(info).toMatchObject({
      token,
      clientId: expect.any(String),
      scopes: ['read:projects'],
      resource: new URL(API),
      extra: { organizationId: 'org-a', audience: [API], claims: { organization_id: 'org-a' } },
    });
    const claims = info.extra?.claims as { exp: number; sub: string };
    expect(info.expiresAt).toBe(claims.exp);
    expect(info.extra?.sub).toBe(claims.sub);
  });

  it('rejects an expired token as InvalidTokenError with a fixed message', async () => {
    const token = await issuer.mintApiToken(API, { expiresIn: -60 });
    const verifying = createTokenVerifier(guard).verifyAccessToken(token);
    await expect(verifying).rejects.toThrow(InvalidTokenError);
    await expect(verifying).rejects.toThrow(/^Invalid token$/);
  });

  it('rejects a token for another API as InsufficientScopeError', async () => {
    const token = await issuer.mintApiToken('https://other.example.com');
    await expect(createTokenVerifier(guard).verifyAccessToken(token)).rejects.toThrow(InsufficientScopeError);
  });

  it('accepts organization tokens only with organizationTokens', async () => {
    const token = await issuer.mintOrganizationToken('org-a', { scopes: ['read:members'] });
    await expect(createTokenVerifier(guard).verifyAccessToken(token)).rejects.toThrow(InsufficientScopeError);
    const info = await createTokenVerifier(guard, { organizationTokens: true }).verifyAccessToken(token);
    expect(info.resource).toBeUndefined();
    expect(info.extra?.audience).toEqual(['urn:logto:organization:org-a']);
  });

  it('maps unreachable keys to ServerError', async () => {
    const down = createGuard({ endpoint: 'http://127.0.0.1:9', audience: API, fetchTimeout: 500 });
    const token = await issuer.mintApiToken(API);
    await expect(createTokenVerifier(down).verifyAccessToken(token)).rejects.toThrow(ServerError);
  });

  it('rejects a wrong option at creation, naming it', () => {
    expect(() => createTokenVerifier(guard, { organizationTokens: 'yes' as never })).toThrow(
      LogtoGuardConfigError,
    );
    expect(() => createTokenVerifier({} as never)).toThrow('guard');
  });
});
