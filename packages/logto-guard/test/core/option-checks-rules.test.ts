// How a misspelled option is named back to the developer: a peer library's name where we have that
// option, an abbreviation of three letters or more, else the nearest spelling within a third of the
// name's length (at least 2 edits), else the list of known options. Never ignored.
import { describe, expect, it } from 'vitest';
import { createGuard, globalApi, LogtoGuardConfigError, organizationApi } from '../../src/core/index.js';

const valid = { endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' };
const GUARD_KEYS =
  'endpoint, issuer, jwksUri, audience, algorithms, requireAccessTokenType, clockTolerance, jwksCacheMaxAge, jwksCooldown, fetchTimeout, tokenCache, allowInsecureHttp, realm, debug, fetch, now, onFailure, resourceMetadata';
const GLOBAL_API_KEYS = 'scopes, match, optional, checkClaims, audience, allowOrganizationId';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}
const guardRefusal = (key: string) => refusal(() => createGuard({ ...valid, [key]: 1 } as never));
const policyRefusal = (key: string) => refusal(() => globalApi({ [key]: 1 } as never));

describe('the name a misspelled option is pointed to', () => {
  it("gives a peer library's name only where that option exists", () => {
    expect(policyRefusal('scope')).toBe('unknown option `scope`; did you mean `scopes`?');
    expect(guardRefusal('scope')).toBe(`unknown option \`scope\`; known options: ${GUARD_KEYS}`);
    expect(guardRefusal('url')).toBe('unknown option `url`; did you mean `endpoint`?');
    expect(policyRefusal('url')).toBe(`unknown option \`url\`; known options: ${GLOBAL_API_KEYS}`);
  });

  it('takes an abbreviation of three letters or more either way, whatever the case', () => {
    expect(refusal(() => organizationApi({ org: 'id' } as never))).toBe(
      'unknown option `org`; did you mean `organizationId`?',
    );
    expect(guardRefusal('aud')).toBe('unknown option `aud`; did you mean `audience`?');
    expect(guardRefusal('au')).toBe(`unknown option \`au\`; known options: ${GUARD_KEYS}`);
    expect(policyRefusal('SCOPES')).toBe('unknown option `SCOPES`; did you mean `scopes`?');
    expect(policyRefusal('checkClaim')).toBe('unknown option `checkClaim`; did you mean `checkClaims`?');
  });

  it('takes the nearest spelling within max(2, a third of the length) edits, not one more', () => {
    expect(guardRefusal('clockTolXXXXce')).toBe(
      'unknown option `clockTolXXXXce`; did you mean `clockTolerance`?',
    );
    expect(guardRefusal('clockToXXXXXce')).toBe(
      `unknown option \`clockToXXXXXce\`; known options: ${GUARD_KEYS}`,
    );
    expect(guardRefusal('mtch')).toBe('unknown option `mtch`; did you mean `fetch`?');
    expect(policyRefusal('mtch')).toBe('unknown option `mtch`; did you mean `match`?');
    expect(guardRefusal('jwksCoolDown')).toBe('unknown option `jwksCoolDown`; did you mean `jwksCooldown`?');
  });

  it('prefers the nearest of several near names', () => {
    expect(guardRefusal('debg')).toBe('unknown option `debg`; did you mean `debug`?');
    expect(guardRefusal('realmm')).toBe('unknown option `realmm`; did you mean `realm`?');
  });
});

describe('shapes of option values', () => {
  it('refuses a null JWKS URI map and a null token cache', () => {
    expect(refusal(() => createGuard({ ...valid, jwksUri: null as never }))).toBe(
      'options.jwksUri must be an object',
    );
    expect(refusal(() => createGuard({ ...valid, tokenCache: null as never }))).toBe(
      'options.tokenCache must be false or an object { maxEntries, maxAge }',
    );
  });

  it('refuses scope names that are not strings, quoting them', () => {
    expect(refusal(() => globalApi({ scopes: [7 as never] }))).toBe(
      'options.scopes must contain permission names of printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3), got 7',
    );
  });

  it('accepts every printable ASCII character but space, quote and backslash in a scope name', () => {
    const printable = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i))
      .filter((c) => c !== '"' && c !== '\\')
      .join('');
    expect(globalApi({ scopes: [printable] }).scopes).toEqual([printable]);
    expect(Object.isFrozen(globalApi({ scopes: ['a'] }).scopes)).toBe(true);
    expect(Object.isFrozen(globalApi().scopes)).toBe(true);
  });

  it('accepts a realm of printable ASCII with spaces, and refuses a non-string one', () => {
    expect(createGuard({ ...valid, realm: ' ~' }).options.realm).toBe(' ~');
    expect(refusal(() => createGuard({ ...valid, realm: 5 as never }))).toBe(
      'options.realm must be a non-empty string of printable ASCII (it goes into the WWW-Authenticate header), got 5',
    );
  });
});
