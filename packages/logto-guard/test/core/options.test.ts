import { describe, expect, it } from 'vitest';
import { createGuard, LogtoGuardConfigError } from '../../src/core/index.js';

const valid = { endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' };

function configError(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    expect(error).toBeInstanceOf(TypeError);
    return { option: (error as LogtoGuardConfigError).option, message: (error as Error).message };
  }
  throw new Error('expected a configuration error');
}

describe('createGuard options', () => {
  it('derives the issuer and the discovery URL from the endpoint', () => {
    const guard = createGuard({ ...valid, endpoint: 'https://tenant.logto.app/' });
    expect(guard.options.issuers).toEqual(['https://tenant.logto.app/oidc']);
    expect(guard.options.keySource).toEqual({
      kind: 'discovery',
      url: 'https://tenant.logto.app/oidc/.well-known/openid-configuration',
      issuer: 'https://tenant.logto.app/oidc',
    });
    expect(guard.options.algorithms).toEqual(['ES384', 'ES256', 'ES512', 'RS256', 'PS256']);
  });

  it('accepts several issuers for custom domains and an explicit JWKS URI', () => {
    const guard = createGuard({
      issuer: ['https://auth.example.com/oidc', 'https://tenant.logto.app/oidc'],
      jwksUri: 'https://tenant.logto.app/oidc/jwks',
      audience: ['https://api.example.com', 'https://api2.example.com'],
    });
    expect(guard.options.issuers).toHaveLength(2);
    expect(guard.options.keySource).toEqual({ kind: 'jwks', uri: 'https://tenant.logto.app/oidc/jwks' });
  });

  it('rejects a guard without endpoint or issuer, naming the option', () => {
    expect(configError(() => createGuard({ audience: 'x' }))).toMatchObject({ option: 'endpoint' });
  });

  it('rejects a missing audience', () => {
    expect(configError(() => createGuard({ endpoint: valid.endpoint } as never))).toMatchObject({
      option: 'audience',
      message: 'options.audience is required: the API resource indicator of this API',
    });
  });

  it('rejects http: issuers except on loopback unless allowed', () => {
    expect(configError(() => createGuard({ ...valid, endpoint: 'http://auth.example.com' })).option).toBe(
      'endpoint',
    );
    expect(createGuard({ ...valid, endpoint: 'http://localhost:3001' }).options.issuers).toEqual([
      'http://localhost:3001/oidc',
    ]);
    expect(createGuard({ ...valid, endpoint: 'http://[::1]:3001' }).options.issuers).toHaveLength(1);
    expect(
      createGuard({ ...valid, endpoint: 'http://auth.internal', allowInsecureHttp: true }).options.issuers,
    ).toEqual(['http://auth.internal/oidc']);
  });

  it('rejects none and HS256 in the algorithm list whatever else is set', () => {
    expect(configError(() => createGuard({ ...valid, algorithms: ['none' as never] })).message).toContain(
      'never',
    );
    expect(configError(() => createGuard({ ...valid, algorithms: ['ES384', 'HS256' as never] })).option).toBe(
      'algorithms',
    );
    expect(configError(() => createGuard({ ...valid, algorithms: [] })).option).toBe('algorithms');
  });

  it('rejects a clock tolerance over 60 seconds and negative timers', () => {
    expect(configError(() => createGuard({ ...valid, clockTolerance: 61 })).option).toBe('clockTolerance');
    expect(configError(() => createGuard({ ...valid, fetchTimeout: 0 })).option).toBe('fetchTimeout');
    expect(configError(() => createGuard({ ...valid, jwksCooldown: -1 })).option).toBe('jwksCooldown');
  });

  it('rejects a token cache with bad bounds, and accepts false', () => {
    expect(configError(() => createGuard({ ...valid, tokenCache: { maxEntries: 0 } })).option).toBe(
      'tokenCache.maxEntries',
    );
    expect(configError(() => createGuard({ ...valid, tokenCache: { maxAge: -5 } })).option).toBe(
      'tokenCache.maxAge',
    );
    expect(createGuard({ ...valid, tokenCache: false }).options.tokenCache).toBe(false);
  });

  it('rejects a URL with a query and a non-URL endpoint', () => {
    expect(configError(() => createGuard({ ...valid, jwksUri: 'https://x/jwks?a=1' })).option).toBe(
      'jwksUri',
    );
    expect(configError(() => createGuard({ ...valid, endpoint: 'tenant.logto.app' })).message).toContain(
      'absolute URL',
    );
  });
});
