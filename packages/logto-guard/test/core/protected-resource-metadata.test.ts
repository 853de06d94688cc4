import { describe, expect, it } from 'vitest';
import { bearerChallenge } from '../../src/core/challenge.js';
import {
  createGuard,
  globalApi,
  LogtoGuardConfigError,
  protectedResourceMetadata,
  resourceMetadataPaths,
} from '../../src/core/index.js';
import { notePolicy } from '../../src/core/route-registry.js';

const base = { endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' };

describe('protectedResourceMetadata', () => {
  it('derives resource, issuers and the union of the noted scopes', () => {
    const guard = createGuard({
      ...base,
      issuer: ['https://tenant.logto.app/oidc', 'https://auth.example.com/oidc'],
    });
    notePolicy(guard, globalApi({ scopes: ['read:products', 'api:read'] }));
    notePolicy(guard, globalApi({ scopes: ['api:read', 'write:orders'] }));
    expect(protectedResourceMetadata(guard)).toEqual({
      resource: 'https://api.example.com',
      authorization_servers: ['https://tenant.logto.app/oidc', 'https://auth.example.com/oidc'],
      scopes_supported: ['read:products', 'api:read', 'write:orders'],
      bearer_methods_supported: ['header'],
    });
  });

  it('takes explicit scopes, resource, name and documentation', () => {
    const guard = createGuard(base);
    notePolicy(guard, globalApi({ scopes: ['ignored'] }));
    expect(
      protectedResourceMetadata(guard, {
        resource: 'https://api.example.com/v1',
        scopes: ['a', 'b'],
        resourceName: 'Shop',
        resourceDocumentation: 'https://docs.example.com',
      }),
    ).toEqual({
      resource: 'https://api.example.com/v1',
      authorization_servers: ['https://tenant.logto.app/oidc'],
      scopes_supported: ['a', 'b'],
      bearer_methods_supported: ['header'],
      resource_name: 'Shop',
      resource_documentation: 'https://docs.example.com',
    });
  });

  it('keeps the scopes of another guard apart', () => {
    const one = createGuard(base);
    const other = createGuard(base);
    notePolicy(one, globalApi({ scopes: ['only:one'] }));
    expect(protectedResourceMetadata(other).scopes_supported).toEqual([]);
  });

  it.each([
    [{ resource: 'not a url' }, 'resource'],
    [{ resource: 'https://api.example.com#x' }, 'resource'],
    [{ scopes: ['has space'] }, 'scopes'],
    [{ resourceName: '' }, 'resourceName'],
    [{ resourceDocumentation: 'docs' }, 'resourceDocumentation'],
  ])('rejects %j naming %s', (options, option) => {
    const guard = createGuard(base);
    expect(() => protectedResourceMetadata(guard, options as never)).toThrow(LogtoGuardConfigError);
    expect(() => protectedResourceMetadata(guard, options as never)).toThrow(`options.${option}`);
  });
});

it('refuses an unknown option, naming the nearest known one', () => {
  const guard = createGuard(base);
  expect(() => protectedResourceMetadata(guard, { resourceNam: 'typo' } as never)).toThrow(
    'unknown option `resourceNam`; did you mean `resourceName`?',
  );
});

describe('resourceMetadataPaths', () => {
  it('is the well-known path alone for a resource without a path', () => {
    expect(resourceMetadataPaths('https://api.example.com')).toEqual([
      '/.well-known/oauth-protected-resource',
    ]);
    expect(resourceMetadataPaths('https://api.example.com/')).toEqual([
      '/.well-known/oauth-protected-resource',
    ]);
  });

  it('adds the path-suffixed location of RFC 9728 §3.1', () => {
    expect(resourceMetadataPaths('https://api.example.com/v1/shop/')).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/v1/shop',
    ]);
  });
});

describe('the resourceMetadata guard option', () => {
  it('escapes the URL in the challenge like every quoted value', () => {
    expect(bearerChallenge({ realm: 'api', resourceMetadata: 'https://a.example/"x\\' })).toBe(
      'Bearer realm="api", resource_metadata="https://a.example/\\"x\\\\"',
    );
  });

  it.each([
    'relative/path',
    'ftp://api.example.com/.well-known/oauth-protected-resource',
    'https://a.example/#f',
    42,
  ])('rejects %j naming resourceMetadata', (resourceMetadata) => {
    expect(() => createGuard({ ...base, resourceMetadata: resourceMetadata as never })).toThrow(
      'options.resourceMetadata',
    );
  });

  it('accepts http: (the guard never fetches it)', () => {
    const guard = createGuard({
      ...base,
      resourceMetadata: 'http://127.0.0.1:3000/.well-known/oauth-protected-resource',
    });
    expect(guard.options.resourceMetadata).toBe('http://127.0.0.1:3000/.well-known/oauth-protected-resource');
  });
});
