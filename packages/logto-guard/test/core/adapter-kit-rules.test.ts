// The rules every framework adapter shares through the adapter kit, as an application sees them: which
// Authorization values a Node request carries (two are refused later), what a failure handed on with
// `passErrors` tells the framework's default error handler, and which adapter options, guards and
// policies are refused at start-up with which message.
import { describe, expect, it } from 'vitest';
import {
  checkGuard,
  checkPolicy,
  passedError,
  requiredScopes,
  resolveAdapterOptions,
} from '../../src/core/adapter-kit.js';
import {
  createGuard,
  globalApi,
  LogtoGuardConfigError,
  nodeAuthorization,
  organizationApi,
  organizationPermissions,
  type Policy,
} from '../../src/core/index.js';

const API = 'https://api.example.com';

/** The message of the configuration error `run` throws, or 'no error'. */
function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    return (error as Error).message;
  }
  return 'no error';
}

describe('nodeAuthorization', () => {
  it('is undefined without an Authorization header', () => {
    expect(nodeAuthorization({ headers: {}, rawHeaders: ['Host', 'x'] })).toBeUndefined();
  });

  it("is Node's value for a hand-made request without raw headers", () => {
    expect(nodeAuthorization({ headers: { authorization: 'Bearer a' } })).toBe('Bearer a');
  });

  it('is the one value of a request that sent the header once', () => {
    expect(
      nodeAuthorization({
        headers: { authorization: 'Bearer a' },
        rawHeaders: ['Host', 'api', 'Authorization', 'Bearer a', 'X-Authorizations', 'Bearer b'],
      }),
    ).toBe('Bearer a');
  });

  it('counts only Authorization among header names of the same length', () => {
    expect(
      nodeAuthorization({
        headers: { authorization: 'Bearer a' },
        rawHeaders: ['Cache-Control', 'no-cache', 'Authorization', 'Bearer a', 'Last-Modified', 'today'],
      }),
    ).toBe('Bearer a');
  });

  it('lists every value, in any letter case, when the header was sent twice', () => {
    expect(
      nodeAuthorization({
        headers: { authorization: 'Bearer a' },
        rawHeaders: ['AUTHORIZATION', 'Bearer a', 'Host', 'api', 'authorization', 'Bearer b'],
      }),
    ).toEqual(['Bearer a', 'Bearer b']);
  });

  it('reads names only, never a value that happens to read "authorization"', () => {
    expect(
      nodeAuthorization({
        headers: { authorization: 'Bearer a' },
        rawHeaders: ['Authorization', 'Bearer a', 'X-Note', 'authorization'],
      }),
    ).toBe('Bearer a');
  });
});

describe('passedError (passErrors)', () => {
  const guard = createGuard({ endpoint: 'https://tenant.example.com', audience: API, realm: 'shop' });

  async function failureOf(authorization: string | undefined) {
    const outcome = await guard.check({ authorization, request: {} }, globalApi());
    if (outcome.ok) throw new Error('expected a failure');
    return outcome;
  }

  it('gives a 401 its status, its challenge headers and expose: true, none of them enumerable', async () => {
    const outcome = await failureOf(undefined);
    const logged = JSON.stringify(outcome.error);
    const error = passedError(outcome) as unknown as Record<string, unknown>;
    expect(error.statusCode).toBe(401);
    expect(error.expose).toBe(true);
    expect(error.headers).toEqual({
      'cache-control': 'no-store',
      'www-authenticate': 'Bearer realm="shop"',
    });
    expect(JSON.stringify(error)).toBe(logged);
  });

  it('answers the rendered JSON from getResponse(), with the status and headers', async () => {
    const error = passedError(await failureOf(undefined)) as unknown as { getResponse(): Response };
    const response = error.getResponse();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="shop"');
    expect(await response.json()).toEqual({ error: 'Authorization header is missing' });
  });

  it('does not expose a 500 or a 503 (the framework logs it and answers its status text)', async () => {
    const server = await guard.check(
      { authorization: undefined, request: {}, params: {} },
      organizationPermissions({ organizationId: 'organizationId' }),
    );
    if (server.ok) throw new Error('expected a failure');
    expect(server.response.status).toBe(500);
    expect((passedError(server) as unknown as { expose: boolean }).expose).toBe(false);
  });

  it('leaves out a header value Node would refuse to write, keeping the others', async () => {
    const outcome = await failureOf(undefined);
    const response = {
      ...outcome.response,
      headers: { ...outcome.response.headers, 'x-bad': 'line\nbreak', 'x-wide': 'caf\u00e9 \u6587' },
    };
    const error = passedError({ error: outcome.error, response }) as unknown as {
      headers: Record<string, string>;
      getResponse(): Response;
    };
    expect(error.headers).toEqual({ 'cache-control': 'no-store', 'www-authenticate': 'Bearer realm="shop"' });
    expect(error.getResponse().headers.get('x-bad')).toBeNull();
  });
});

describe('adapter options, guards and policies refused at start-up', () => {
  it('defaults passErrors to false and keeps true', () => {
    expect(resolveAdapterOptions(undefined)).toEqual({ passErrors: false });
    expect(resolveAdapterOptions({})).toEqual({ passErrors: false });
    expect(resolveAdapterOptions({ passErrors: true })).toEqual({ passErrors: true });
  });

  it('refuses options that are not an object, an unknown option and a non-boolean passErrors', () => {
    expect(configError(() => resolveAdapterOptions('yes' as never))).toBe(
      'requireAuth options must be an object',
    );
    expect(configError(() => resolveAdapterOptions({ passError: true } as never))).toBe(
      'unknown option `passError`; did you mean `passErrors`?',
    );
    expect(configError(() => resolveAdapterOptions({ passErrors: 'yes' } as never))).toBe(
      'options.passErrors must be a boolean',
    );
  });

  it('accepts a guard by shape and refuses anything without a check function, naming the option', () => {
    const guard = createGuard({ endpoint: 'https://tenant.example.com', audience: API });
    expect(checkGuard(guard)).toBe(guard);
    for (const value of [undefined, null, 'guard', {}, { check: true }]) {
      expect(configError(() => checkGuard(value))).toBe(
        'options.guard must be a guard made with createGuard()',
      );
    }
    expect(configError(() => checkGuard({}, 'auth'))).toBe(
      'options.auth must be a guard made with createGuard()',
    );
  });

  it('accepts the three kinds of policy and refuses anything else, naming the option', () => {
    for (const policy of [globalApi(), organizationPermissions(), organizationApi()]) {
      expect(checkPolicy(policy)).toBe(policy);
    }
    const expected = 'must come from globalApi(), organizationPermissions() or organizationApi()';
    for (const value of [undefined, null, {}, { model: 'global' }]) {
      expect(configError(() => checkPolicy(value as unknown as Policy<unknown>))).toBe(
        `options.policy ${expected}`,
      );
    }
    expect(configError(() => checkPolicy({} as Policy<unknown>, 'route'))).toBe(`options.route ${expected}`);
  });

  it("checks a decorator's scope names like a policy's", () => {
    expect(requiredScopes(['read:products'])).toEqual(['read:products']);
    expect(configError(() => requiredScopes(['read products']))).toContain('options.scopes must contain');
  });
});
