import { describe, expect, it } from 'vitest';
import { extractBearerToken, LogtoGuardError } from '../../src/core/index.js';

function failure(header: Parameters<typeof extractBearerToken>[0]) {
  try {
    extractBearerToken(header);
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardError);
    const { code, status, kind, message } = error as LogtoGuardError;
    return { code, status, kind, message };
  }
  throw new Error('expected a failure');
}

describe('extractBearerToken', () => {
  it('returns the token of a Bearer header, whatever the scheme case', () => {
    expect(extractBearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(extractBearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(extractBearerToken('BEARER   abc.def-_~+/ghi==')).toBe('abc.def-_~+/ghi==');
  });

  it('rejects a missing header as missing_authorization without error=', () => {
    for (const header of [undefined, null, '', '   ']) {
      expect(failure(header)).toEqual({
        code: 'missing_authorization',
        status: 401,
        kind: 'credentials',
        message: 'Authorization header is missing',
      });
    }
  });

  it('rejects another scheme as unsupported_scheme', () => {
    expect(failure('Basic dXNlcjpwYXNz').code).toBe('unsupported_scheme');
    expect(failure('Bearerabc').code).toBe('unsupported_scheme');
    expect(failure('Token abc').message).toBe('Authorization header must start with "Bearer "');
  });

  it('rejects an empty token, two tokens and characters outside b64token as malformed', () => {
    for (const header of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer a,b', 'Bearer "abc"', 'Bearer a=b']) {
      expect(failure(header)).toMatchObject({
        code: 'malformed_authorization',
        status: 401,
        kind: 'request',
      });
    }
  });

  it('rejects several Authorization headers', () => {
    expect(failure(['Bearer a', 'Bearer b']).code).toBe('malformed_authorization');
    expect(extractBearerToken(['Bearer a'])).toBe('a');
  });
});
