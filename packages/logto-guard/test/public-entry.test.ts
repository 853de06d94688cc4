// The public entry (`logto-guard`) holds what applications use; internals of the core and the adapter kit
// stay out of it. A new export is a decision: add it here on purpose.
import { describe, expect, it } from 'vitest';
import * as entry from '../src/core/index.js';

describe('public entry', () => {
  it('exports exactly the documented run-time values', () => {
    expect(Object.keys(entry).sort()).toEqual([
      'ACCESS_TOKEN_TYPE',
      'ACCESS_TOKEN_TYPES',
      'AuthInfo',
      'CredentialsError',
      'LOGTO_ALGORITHMS',
      'LogtoGuardConfigError',
      'LogtoGuardError',
      'OPENAPI_SCHEMES',
      'ORGANIZATION_AUDIENCE_PREFIX',
      'PermissionError',
      'RESOURCE_METADATA_PATH',
      'RequestError',
      'ServerError',
      'TokenError',
      'UnavailableError',
      'createGuard',
      'extractBearerToken',
      'globalApi',
      'nodeAuthorization',
      'openApiComponents',
      'openApiEndpoints',
      'openApiOperation',
      'openApiPaths',
      'organizationApi',
      'organizationAudience',
      'organizationPermissions',
      'parseScope',
      'protectedResourceMetadata',
      'resourceMetadataPaths',
      'withScopes',
    ]);
  });

  it('gives a guard exactly its documented members (key-set state and warm-up included)', () => {
    const guard = entry.createGuard({ endpoint: 'https://t.logto.app', audience: 'https://api.example.com' });
    expect(Object.keys(guard).sort()).toEqual(['check', 'keySets', 'options', 'render', 'verify', 'warmUp']);
    expect(Object.isFrozen(guard)).toBe(true);
  });

  it('holds the token-format facts the CLI and the dev issuer import', () => {
    expect(entry.ORGANIZATION_AUDIENCE_PREFIX).toBe('urn:logto:organization:');
    expect(entry.organizationAudience('org-1')).toBe('urn:logto:organization:org-1');
    expect(entry.ACCESS_TOKEN_TYPE).toBe('at+jwt');
    expect(entry.ACCESS_TOKEN_TYPES).toEqual(['at+jwt', 'application/at+jwt']);
  });
});
