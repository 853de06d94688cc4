import { describe, expect, it } from 'vitest';
import { bearerChallenge } from '../../src/core/challenge.js';
import { PermissionError, TokenError, UnavailableError } from '../../src/core/errors.js';
import { renderError } from '../../src/core/render.js';

describe('bearerChallenge', () => {
  it('escapes quotes and backslashes inside quoted-strings and drops control characters', () => {
    expect(bearerChallenge({ realm: 'my "api"\\x', error: 'insufficient_scope', scope: ['a"b', 'c'] })).toBe(
      'Bearer realm="my \\"api\\"\\\\x", error="insufficient_scope", scope="a\\"b c"',
    );
    expect(bearerChallenge({ realm: 'a\r\nSet-Cookie: x' })).toBe('Bearer realm="aSet-Cookie: x"');
  });
});

describe('renderError', () => {
  const options = { realm: 'api', debug: false };

  it('answers a token failure with 401 invalid_token and a body that hides the failing check', () => {
    const error = new TokenError('token_expired', 'Token has expired');
    expect(renderError(error, options)).toEqual({
      status: 401,
      headers: {
        'cache-control': 'no-store',
        'www-authenticate': 'Bearer realm="api", error="invalid_token"',
      },
      body: { error: 'Invalid token' },
    });
  });

  it('adds code and detail to the body and error_description to the challenge only in debug mode', () => {
    const error = new TokenError('token_expired', 'Token has expired');
    const rendered = renderError(error, { realm: 'api', debug: true });
    expect(rendered.body).toEqual({
      error: 'Invalid token',
      code: 'token_expired',
      detail: 'Token has expired',
    });
    expect(rendered.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="Token has expired"',
    );
  });

  it('names the required scopes in a 403 challenge', () => {
    const error = new PermissionError('insufficient_scope', 'x', ['a', 'b']);
    expect(renderError(error, options)).toMatchObject({
      status: 403,
      headers: { 'www-authenticate': 'Bearer realm="api", error="insufficient_scope", scope="a b"' },
      body: { error: 'Insufficient scope' },
    });
  });

  it('answers an unavailable key set with 503 and Retry-After, without a challenge', () => {
    const error = new UnavailableError('jwks_unavailable', 'x');
    expect(error.status).toBe(503);
    expect(renderError(error, options)).toEqual({
      status: 503,
      headers: { 'cache-control': 'no-store', 'retry-after': '5' },
      body: { error: 'Authorization server unavailable' },
    });
  });
});
