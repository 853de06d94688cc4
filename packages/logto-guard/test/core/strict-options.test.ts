// Mistakes that must fail at creation, by name: unknown keys everywhere users write options, what is
// missing, Logto URLs pasted in the wrong place, durations in the wrong unit, header values HTTP refuses.
import { describe, expect, it } from 'vitest';
import {
  createGuard,
  globalApi,
  LogtoGuardConfigError,
  organizationApi,
  organizationPermissions,
} from '../../src/core/index.js';
import { createTestIssuer } from '../../src/testing/index.js';

const valid = { endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' };

function configError(run: () => unknown): { option: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    return { option: (error as LogtoGuardConfigError).option, message: (error as Error).message };
  }
  throw new Error('expected a configuration error');
}

describe('unknown options are refused, naming the nearest known one', () => {
  it.each([
    ['clockTolerence', 'clockTolerance'],
    ['jwksUrl', 'jwksUri'],
    ['issuerBaseURL', 'endpoint'],
    ['audiences', 'audience'],
    ['timeout', 'fetchTimeout'],
    ['onfailure', 'onFailure'],
  ])('createGuard({ %s }) points to `%s`', (key, suggests) => {
    expect(configError(() => createGuard({ ...valid, [key]: 5 } as never))).toEqual({
      option: key,
      message: `unknown option \`${key}\`; did you mean \`${suggests}\`?`,
    });
  });

  it('lists the known options when nothing is near', () => {
    expect(configError(() => createGuard({ ...valid, zzzzzzzz: 1 } as never)).message).toMatch(
      /^unknown option `zzzzzzzz`; known options: endpoint, issuer, jwksUri, audience,/,
    );
  });

  it('refuses nested unknown keys with their path', () => {
    expect(configError(() => createGuard({ ...valid, tokenCache: { maxAg: 5 } } as never))).toEqual({
      option: 'tokenCache.maxAg',
      message: 'unknown option `tokenCache.maxAg`; did you mean `tokenCache.maxAge`?',
    });
  });

  it('globalApi({ scope }) fails instead of requiring nothing; so do scp and the other models', () => {
    expect(configError(() => globalApi({ scope: ['api:read'] } as never))).toEqual({
      option: 'scope',
      message: 'unknown option `scope`; did you mean `scopes`?',
    });
    expect(configError(() => organizationPermissions({ scp: ['a'] } as never)).message).toContain(
      'did you mean `scopes`?',
    );
    expect(configError(() => organizationApi({ orgId: 'id' } as never)).message).toContain(
      'did you mean `organizationId`?',
    );
    expect(configError(() => globalApi({ allowOrganizationID: true } as never)).option).toBe(
      'allowOrganizationID',
    );
    expect(configError(() => globalApi('read' as never)).message).toBe(
      'globalApi() options must be an object',
    );
  });

  it('the testing kit refuses unknown options of the issuer and of minted tokens', async () => {
    await expect(createTestIssuer({ algorithm: 'ES384' } as never)).rejects.toMatchObject({
      option: 'algorithm',
      message: 'unknown option `algorithm`; did you mean `alg`?',
    });
    const issuer = await createTestIssuer();
    await expect(issuer.mintApiToken('x', { scope: ['a'] } as never)).rejects.toMatchObject({
      message: 'unknown option `scope`; did you mean `scopes`?',
    });
  });
});

describe('what is missing is named', () => {
  it('createGuard() with no argument names audience and endpoint or issuer', () => {
    expect(configError(() => (createGuard as (options?: unknown) => unknown)())).toEqual({
      option: 'audience',
      message:
        'createGuard options need `audience` (the API resource indicator of this API) and `endpoint` (e.g. "https://<tenant>.logto.app") or `issuer`',
    });
    expect(configError(() => createGuard({} as never)).message).not.toContain('options. ');
    expect(configError(() => createGuard({ audience: 'x' })).option).toBe('endpoint');
  });
});

describe('Logto URLs and units pasted in the wrong place', () => {
  it('refuses an endpoint ending in /oidc, saying what to write', () => {
    expect(configError(() => createGuard({ ...valid, endpoint: 'https://tenant.logto.app/oidc/' }))).toEqual({
      option: 'endpoint',
      message:
        'options.endpoint is the Logto endpoint without "/oidc": write endpoint: "https://tenant.logto.app" (the issuer is then "https://tenant.logto.app/oidc"), or issuer: "https://tenant.logto.app/oidc"',
    });
  });

  it('refuses an issuer without /oidc, saying what to write', () => {
    const { option, message } = configError(() =>
      createGuard({ issuer: 'https://tenant.logto.app', audience: valid.audience }),
    );
    expect(option).toBe('issuer');
    expect(message).toContain(
      'write issuer: "https://tenant.logto.app/oidc", or endpoint: "https://tenant.logto.app"',
    );
  });

  it('refuses a fetchTimeout that is obviously in seconds', () => {
    expect(configError(() => createGuard({ ...valid, fetchTimeout: 5 }))).toEqual({
      option: 'fetchTimeout',
      message: 'options.fetchTimeout is in milliseconds: 5 means 5 ms; for seconds write 5000',
    });
    expect(createGuard({ ...valid, fetchTimeout: 100 }).options.fetchTimeout).toBe(100);
  });
});

describe('header values HTTP cannot carry are refused when the guard or policy is made', () => {
  it('refuses a realm above U+00FF (and obs-text, and control characters)', () => {
    for (const realm of ['Orders API — prod', 'Café', 'a\nb', '']) {
      expect(configError(() => createGuard({ ...valid, realm })).option).toBe('realm');
    }
    expect(createGuard({ ...valid, realm: 'Orders API - prod' }).options.realm).toBe('Orders API - prod');
  });

  it('refuses scope names outside RFC 6749 scope tokens, naming the option', () => {
    for (const scope of ['read:文件', 'a"b', 'a\\b', 'read products', '']) {
      expect(configError(() => globalApi({ scopes: [scope] })).option).toBe('scopes');
    }
    expect(configError(() => globalApi({ scopes: ['read:文件'] })).message).toContain('"read:文件"');
    expect(globalApi({ scopes: ['read:products', 'urn:x:y/z'] }).scopes).toHaveLength(2);
  });
});
