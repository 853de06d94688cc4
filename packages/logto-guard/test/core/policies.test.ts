import { describe, expect, it } from 'vitest';
import {
  globalApi,
  LogtoGuardConfigError,
  organizationApi,
  organizationPermissions,
  withScopes,
} from '../../src/core/index.js';

function configOption(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    return (error as LogtoGuardConfigError).option;
  }
  throw new Error('expected a configuration error');
}

describe('policy options', () => {
  it('rejects scopes that are not an array of names without spaces', () => {
    expect(configOption(() => globalApi({ scopes: 'read' as never }))).toBe('scopes');
    expect(configOption(() => globalApi({ scopes: ['read write'] }))).toBe('scopes');
    expect(configOption(() => organizationApi({ scopes: [''] }))).toBe('scopes');
  });

  it('rejects an unknown match mode and a bad organization source', () => {
    expect(configOption(() => globalApi({ match: 'some' as never }))).toBe('match');
    expect(configOption(() => organizationPermissions({ organizationId: 3 as never }))).toBe(
      'organizationId',
    );
    expect(configOption(() => organizationApi({ organizationId: '' }))).toBe('organizationId');
  });

  it('rejects a non-boolean optional or allowOrganizationId, a non-function checkClaims, a bad audience', () => {
    expect(configOption(() => globalApi({ optional: 'yes' as never }))).toBe('optional');
    expect(configOption(() => globalApi({ allowOrganizationId: 1 as never }))).toBe('allowOrganizationId');
    expect(configOption(() => organizationApi({ checkClaims: true as never }))).toBe('checkClaims');
    expect(configOption(() => globalApi({ audience: [] }))).toBe('audience');
    expect(configOption(() => organizationApi({ audience: [''] }))).toBe('audience');
    expect(configOption(() => globalApi(null as never))).toBe('');
  });
});

describe('policies: each model holds only its own fields', () => {
  it('globalApi: audience and allowOrganizationId, no organization source', () => {
    expect(globalApi({ audience: 'https://a', scopes: ['read'] })).toEqual({
      model: 'global-api',
      scopes: ['read'],
      match: 'all',
      optional: false,
      checkClaims: undefined,
      audience: ['https://a'],
      allowOrganizationId: false,
    });
  });

  it('organizationPermissions: an organization source (default the organizationId parameter), no audience', () => {
    expect(organizationPermissions({ match: 'any' })).toEqual({
      model: 'organization',
      scopes: [],
      match: 'any',
      optional: false,
      checkClaims: undefined,
      organizationId: 'organizationId',
    });
  });

  it('organizationApi: audience and organization source', () => {
    const source = (request: { org: string }) => request.org;
    expect(organizationApi({ organizationId: source, optional: true })).toEqual({
      model: 'organization-api',
      scopes: [],
      match: 'all',
      optional: true,
      checkClaims: undefined,
      audience: undefined,
      organizationId: source,
    });
  });

  it('policies are frozen, and withScopes returns a frozen copy with checked scopes', () => {
    const base = organizationApi({ scopes: ['a'] });
    expect(Object.isFrozen(base)).toBe(true);
    const copy = withScopes(base, ['b', 'c']);
    expect(copy).toEqual({ ...base, scopes: ['b', 'c'] });
    expect(Object.isFrozen(copy)).toBe(true);
    expect(base.scopes).toEqual(['a']);
    expect(configOption(() => withScopes(base, ['b c']))).toBe('scopes');
  });
});
