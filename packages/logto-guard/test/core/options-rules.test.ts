// Every createGuard option rule, by the exact message a developer reads at start-up and the value the
// guard then works with: bounds are inclusive, defaults are named, and URLs are refused for what they are.
import { describe, expect, it } from 'vitest';
import { createGuard, type GuardOptions, LogtoGuardConfigError } from '../../src/core/index.js';

const valid = { endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' };
const guardWith = (options: Partial<GuardOptions>) => createGuard({ ...valid, ...options } as GuardOptions);

function configError(run: () => unknown): { option: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    expect((error as LogtoGuardConfigError).code).toBe('ERR_LOGTO_GUARD_OPTION');
    expect((error as Error).name).toBe('LogtoGuardConfigError');
    return { option: (error as LogtoGuardConfigError).option, message: (error as Error).message };
  }
  throw new Error('expected a configuration error');
}
const refusal = (options: Partial<GuardOptions>) => configError(() => guardWith(options));

describe('defaults a guard works with when only endpoint and audience are given', () => {
  it('applies the documented defaults', () => {
    const { options } = createGuard(valid);
    expect(options).toMatchObject({
      issuers: ['https://tenant.logto.app/oidc'],
      audiences: ['https://api.example.com'],
      algorithms: ['ES384', 'ES256', 'ES512', 'RS256', 'PS256'],
      requireAccessTokenType: true,
      clockTolerance: 5,
      jwksCacheMaxAge: 600_000,
      jwksCooldown: 1_000,
      fetchTimeout: 5_000,
      tokenCache: { maxEntries: 10_000, maxAge: 300 },
      allowInsecureHttp: false,
      realm: 'api',
      debug: false,
      onFailure: undefined,
      resourceMetadata: undefined,
    });
    expect(options.fetch).toBe(globalThis.fetch);
    expect(options.now).toBe(Date.now);
  });

  it('keeps what is given instead of the defaults', () => {
    const fetchImpl: typeof fetch = async () => new Response('{}');
    const now = () => 0;
    const seen: unknown[] = [];
    const onFailure = (event: unknown) => {
      seen.push(event);
    };
    const { options } = guardWith({
      requireAccessTokenType: false,
      debug: true,
      realm: 'orders',
      fetch: fetchImpl,
      now,
      onFailure,
      tokenCache: { maxEntries: 5, maxAge: 0 },
      algorithms: ['EdDSA', 'RS512'],
    });
    expect(options).toMatchObject({
      requireAccessTokenType: false,
      debug: true,
      realm: 'orders',
      tokenCache: { maxEntries: 5, maxAge: 0 },
      algorithms: ['EdDSA', 'RS512'],
    });
    expect(options.fetch).toBe(fetchImpl);
    expect(options.now).toBe(now);
    // Kept behind a wrapper that ignores a rejected promise (an async hook must not end the process).
    const event = { type: 'key_set' } as unknown as Parameters<NonNullable<typeof options.onFailure>>[0];
    options.onFailure?.(event);
    expect(seen).toEqual([event]);
  });

  it('takes a token cache object without bounds as the default bounds', () => {
    expect(guardWith({ tokenCache: {} }).options.tokenCache).toEqual({ maxEntries: 10_000, maxAge: 300 });
  });
});

describe('durations: a number within the documented bounds, both ends included', () => {
  it.each([
    ['clockTolerance', 0, 60],
    ['jwksCacheMaxAge', 0, 86_400_000],
    ['jwksCooldown', 0, 3_600_000],
    ['fetchTimeout', 100, 60_000],
  ] as const)('%s accepts %d and %d', (option, min, max) => {
    expect(guardWith({ [option]: min }).options[option]).toBe(min);
    expect(guardWith({ [option]: max }).options[option]).toBe(max);
  });

  it.each([
    ['clockTolerance', 0, 60, 61],
    ['clockTolerance', 0, 60, -1],
    ['jwksCacheMaxAge', 0, 86_400_000, 86_400_001],
    ['jwksCooldown', 0, 3_600_000, 3_600_001],
    ['fetchTimeout', 1, 60_000, 60_001],
    ['fetchTimeout', 1, 60_000, 0],
  ] as const)('%s (from %d to %d) refuses %d', (option, min, max, value) => {
    expect(refusal({ [option]: value })).toEqual({
      option,
      message: `options.${option} must be a number from ${min} to ${max}`,
    });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '5', null])('clockTolerance refuses %s', (value) => {
    expect(refusal({ clockTolerance: value as never })).toEqual({
      option: 'clockTolerance',
      message: 'options.clockTolerance must be a number from 0 to 60',
    });
  });

  it('refuses a fetchTimeout under 100 ms as one meant in seconds, and accepts 100', () => {
    expect(refusal({ fetchTimeout: 99 })).toEqual({
      option: 'fetchTimeout',
      message: 'options.fetchTimeout is in milliseconds: 99 means 99 ms; for seconds write 99000',
    });
    expect(guardWith({ fetchTimeout: 100 }).options.fetchTimeout).toBe(100);
  });
});

describe('token cache bounds', () => {
  it('accepts 1 and 10 000 000 entries and an age from 0 to 86 400 seconds', () => {
    expect(guardWith({ tokenCache: { maxEntries: 1, maxAge: 86_400 } }).options.tokenCache).toEqual({
      maxEntries: 1,
      maxAge: 86_400,
    });
    expect(guardWith({ tokenCache: { maxEntries: 10_000_000 } }).options.tokenCache).toEqual({
      maxEntries: 10_000_000,
      maxAge: 300,
    });
  });

  it('refuses more than 10 000 000 entries, a fractional count and an age over a day', () => {
    expect(refusal({ tokenCache: { maxEntries: 10_000_001 } })).toEqual({
      option: 'tokenCache.maxEntries',
      message: 'options.tokenCache.maxEntries must be a number from 1 to 10000000',
    });
    expect(refusal({ tokenCache: { maxEntries: 2.5 } })).toEqual({
      option: 'tokenCache.maxEntries',
      message: 'options.tokenCache.maxEntries must be a whole number',
    });
    expect(refusal({ tokenCache: { maxAge: 86_401 } })).toEqual({
      option: 'tokenCache.maxAge',
      message: 'options.tokenCache.maxAge must be a number from 0 to 86400',
    });
  });

  it.each([true, null, 'off', 0])('refuses tokenCache: %s', (value) => {
    expect(refusal({ tokenCache: value as never })).toEqual({
      option: 'tokenCache',
      message: 'options.tokenCache must be false or an object { maxEntries, maxAge }',
    });
  });
});

describe('algorithms', () => {
  it('refuses a list that is not an array, naming the option', () => {
    expect(refusal({ algorithms: 'ES384' as never })).toEqual({
      option: 'algorithms',
      message: 'options.algorithms must be a non-empty array',
    });
    expect(refusal({ algorithms: [] })).toEqual({
      option: 'algorithms',
      message: 'options.algorithms must be a non-empty array',
    });
  });

  it('refuses none and every HS algorithm as never accepted', () => {
    for (const alg of ['none', 'HS256', 'HS512']) {
      expect(refusal({ algorithms: ['ES384', alg as never] })).toEqual({
        option: 'algorithms',
        message: `options.algorithms must not contain "${alg}": unsigned and symmetric algorithms are never accepted`,
      });
    }
  });

  it('refuses an unknown algorithm or a non-string, listing the supported ones', () => {
    const supported = 'ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, EdDSA';
    expect(refusal({ algorithms: ['ES384', 'ES256K' as never] })).toEqual({
      option: 'algorithms',
      message: `options.algorithms contains "ES256K"; supported: ${supported}`,
    });
    expect(refusal({ algorithms: [256 as never] })).toEqual({
      option: 'algorithms',
      message: `options.algorithms contains "256"; supported: ${supported}`,
    });
  });

  it('keeps its own copy of the list', () => {
    const algorithms: ('ES256' | 'RS256')[] = ['ES256'];
    const guard = guardWith({ algorithms });
    algorithms.push('RS256');
    expect(guard.options.algorithms).toEqual(['ES256']);
  });
});

describe('URLs of the issuer, the endpoint and the key set', () => {
  it('refuses an endpoint that is not a string or empty', () => {
    for (const endpoint of ['', 42]) {
      expect(refusal({ endpoint: endpoint as never })).toEqual({
        option: 'endpoint',
        message: 'options.endpoint must be a non-empty URL string',
      });
    }
  });

  it('refuses a relative endpoint, quoting it', () => {
    expect(refusal({ endpoint: '/logto' })).toEqual({
      option: 'endpoint',
      message: 'options.endpoint must be an absolute URL, got "/logto"',
    });
  });

  it('refuses http: off loopback and other schemes, saying what is accepted', () => {
    const message =
      'options.endpoint must use https: (http: is accepted only for localhost, 127.0.0.1 and ::1 unless allowInsecureHttp)';
    expect(refusal({ endpoint: 'http://auth.example.com' })).toEqual({ option: 'endpoint', message });
    expect(refusal({ endpoint: 'ftp://auth.example.com', allowInsecureHttp: true })).toEqual({
      option: 'endpoint',
      message,
    });
    expect(guardWith({ endpoint: 'http://127.0.0.1:3001' }).options.issuers).toEqual([
      'http://127.0.0.1:3001/oidc',
    ]);
  });

  it('refuses a query or a fragment in any URL', () => {
    expect(refusal({ endpoint: 'https://tenant.logto.app#top' })).toEqual({
      option: 'endpoint',
      message: 'options.endpoint must not contain a query or a fragment',
    });
    expect(refusal({ endpoint: 'https://tenant.logto.app?tenant=1' }).option).toBe('endpoint');
    expect(refusal({ jwksUri: 'https://tenant.logto.app/oidc/jwks#k' }).option).toBe('jwksUri');
  });

  it('drops every trailing slash of the endpoint', () => {
    expect(guardWith({ endpoint: 'https://tenant.logto.app///' }).options.issuers).toEqual([
      'https://tenant.logto.app/oidc',
    ]);
  });

  it('refuses an issuer ending in a slash, saying what to write', () => {
    expect(
      configError(() => createGuard({ issuer: 'https://tenant.logto.app/oidc/', audience: 'a' })),
    ).toEqual({
      option: 'issuer',
      message:
        'options.issuer must be a Logto issuer, "<endpoint>/oidc" exactly as tokens carry it in "iss": got "https://tenant.logto.app/oidc/"; write issuer: "https://tenant.logto.app/oidc/oidc", or endpoint: "https://tenant.logto.app/oidc"',
    });
  });

  it('refuses an issuer without /oidc, dropping every trailing slash from what it suggests', () => {
    expect(configError(() => createGuard({ issuer: 'https://tenant.logto.app//', audience: 'a' }))).toEqual({
      option: 'issuer',
      message:
        'options.issuer must be a Logto issuer, "<endpoint>/oidc" exactly as tokens carry it in "iss": got "https://tenant.logto.app//"; write issuer: "https://tenant.logto.app/oidc", or endpoint: "https://tenant.logto.app"',
    });
  });

  it('refuses an issuer list with an empty or non-string entry', () => {
    expect(configError(() => createGuard({ issuer: [], audience: 'a' }))).toEqual({
      option: 'issuer',
      message: 'options.issuer must be a non-empty string or array of strings',
    });
    expect(configError(() => createGuard({ issuer: ['https://a.example/oidc', ''], audience: 'a' }))).toEqual(
      {
        option: 'issuer',
        message: 'options.issuer must contain only non-empty strings',
      },
    );
  });

  it('refuses an audience that is not a non-empty string or list', () => {
    expect(refusal({ audience: '' })).toEqual({
      option: 'audience',
      message: 'options.audience must contain only non-empty strings',
    });
    expect(refusal({ audience: 7 as never })).toEqual({
      option: 'audience',
      message: 'options.audience must be a non-empty string or array of strings',
    });
  });
});

describe('which key set verifies which issuer', () => {
  const a = 'https://a.example.com/oidc';
  const b = 'https://b.example.com/oidc';

  it('with an endpoint and custom-domain issuers: one key set, the endpoint discovery, for all of them', () => {
    const { options } = createGuard({ endpoint: 'https://tenant.logto.app', issuer: [a, b], audience: 'x' });
    expect(options.issuers).toEqual([a, b]);
    expect(options.keySources).toEqual([
      {
        issuers: [a, b],
        source: {
          kind: 'discovery',
          url: 'https://tenant.logto.app/oidc/.well-known/openid-configuration',
          issuer: 'https://tenant.logto.app/oidc',
        },
      },
    ]);
  });

  it('without an endpoint: one key set per issuer, each by its own discovery', () => {
    const { options } = createGuard({ issuer: [a, b], audience: 'x' });
    expect(options.keySources).toEqual([
      {
        issuers: [a],
        source: { kind: 'discovery', url: `${a}/.well-known/openid-configuration`, issuer: a },
      },
      {
        issuers: [b],
        source: { kind: 'discovery', url: `${b}/.well-known/openid-configuration`, issuer: b },
      },
    ]);
    expect(options.keySource).toEqual(options.keySources[0]?.source);
  });

  it('a JWKS URI per issuer, discovery for the issuers without one', () => {
    const { options } = createGuard({ issuer: [a, b], jwksUri: { [b]: `${b}/jwks` }, audience: 'x' });
    expect(options.keySources).toEqual([
      {
        issuers: [a],
        source: { kind: 'discovery', url: `${a}/.well-known/openid-configuration`, issuer: a },
      },
      { issuers: [b], source: { kind: 'jwks', uri: `${b}/jwks` } },
    ]);
  });

  it('one JWKS URI string for every issuer', () => {
    const { options } = createGuard({ issuer: [a, b], jwksUri: `${a}/jwks`, audience: 'x' });
    expect(options.keySources).toEqual([{ issuers: [a, b], source: { kind: 'jwks', uri: `${a}/jwks` } }]);
  });

  it('refuses a JWKS URI map naming an issuer the guard does not accept', () => {
    expect(
      configError(() => createGuard({ issuer: [a], jwksUri: { [b]: `${b}/jwks` }, audience: 'x' })),
    ).toEqual({
      option: `jwksUri.${b}`,
      message: `unknown option \`jwksUri.${b}\`; did you mean \`jwksUri.${a}\`?`,
    });
  });

  it('refuses a JWKS URI that is neither a string nor a map, and a bad URL in the map', () => {
    expect(refusal({ jwksUri: ['https://a/jwks'] as never })).toEqual({
      option: 'jwksUri',
      message: 'options.jwksUri must be an object',
    });
    expect(
      configError(() =>
        createGuard({ issuer: a, jwksUri: { [a]: 'http://a.example.com/jwks' }, audience: 'x' }),
      ).option,
    ).toBe(`jwksUri.${a}`);
  });
});

describe('functions and flags', () => {
  it('refuses a fetch, a clock or a failure hook that is not a function', () => {
    expect(refusal({ fetch: 'fetch' as never })).toEqual({
      option: 'fetch',
      message: 'options.fetch must be a fetch function',
    });
    expect(refusal({ now: 5 as never })).toEqual({
      option: 'now',
      message: 'options.now must be a function returning milliseconds since the epoch',
    });
    expect(refusal({ onFailure: {} as never })).toEqual({
      option: 'onFailure',
      message: 'options.onFailure must be a function (event) => void',
    });
  });

  it.each(['requireAccessTokenType', 'debug', 'allowInsecureHttp'] as const)(
    'refuses a %s that is not a boolean',
    (option) => {
      expect(refusal({ [option]: 'true' })).toEqual({
        option,
        message: `options.${option} must be a boolean`,
      });
    },
  );

  it('refuses options that are not an object', () => {
    expect(configError(() => createGuard([] as never))).toEqual({
      option: '',
      message: 'createGuard options must be an object',
    });
  });

  it('names only the missing endpoint when the audience is there', () => {
    expect(configError(() => createGuard({ audience: 'x' }))).toEqual({
      option: 'endpoint',
      message: 'createGuard options need `endpoint` (e.g. "https://<tenant>.logto.app") or `issuer`',
    });
  });
});

describe('resourceMetadata: the URL every challenge points clients to', () => {
  it('accepts https: and http: anywhere, since the guard never fetches it', () => {
    expect(
      guardWith({ resourceMetadata: 'http://10.0.0.5/.well-known/oauth-protected-resource' }).options
        .resourceMetadata,
    ).toBe('http://10.0.0.5/.well-known/oauth-protected-resource');
  });

  it('refuses a relative URL, another scheme, a fragment and characters a header cannot carry', () => {
    expect(refusal({ resourceMetadata: '/.well-known/oauth-protected-resource' })).toEqual({
      option: 'resourceMetadata',
      message: 'options.resourceMetadata must be an absolute URL',
    });
    expect(refusal({ resourceMetadata: 42 as never }).message).toBe(
      'options.resourceMetadata must be an absolute URL',
    );
    for (const url of ['ftp://api.example.com/meta', 'https://api.example.com/meta#x']) {
      expect(refusal({ resourceMetadata: url })).toEqual({
        option: 'resourceMetadata',
        message: 'options.resourceMetadata must be an https: or http: URL without a fragment',
      });
    }
    expect(refusal({ resourceMetadata: 'https://api.example.com/café' })).toEqual({
      option: 'resourceMetadata',
      message:
        'options.resourceMetadata must be a non-empty string of printable ASCII (it goes into the WWW-Authenticate header), got "https://api.example.com/café"',
    });
  });
});
