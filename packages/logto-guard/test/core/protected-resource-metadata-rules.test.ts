// The RFC 9728 document as a client parses it (only the fields set, as JSON has them) and the options a
// developer gets wrong, refused at start-up with the option's name and what it must be.
import { describe, expect, it } from 'vitest';
import {
  createGuard,
  LogtoGuardConfigError,
  protectedResourceMetadata,
  resourceMetadataPaths,
} from '../../src/core/index.js';

const guard = createGuard({ endpoint: 'https://tenant.logto.app', audience: 'https://api.example.com' });

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LogtoGuardConfigError);
    return (error as Error).message;
  }
  return 'no error';
}

describe('protected resource metadata', () => {
  it('has no resource_name or resource_documentation field unless given', () => {
    expect(Object.keys(protectedResourceMetadata(guard))).toEqual([
      'resource',
      'authorization_servers',
      'scopes_supported',
      'bearer_methods_supported',
    ]);
  });

  it('refuses options that are not an object, naming the options', () => {
    expect(configError(() => protectedResourceMetadata(guard, 'shop' as never))).toBe(
      'options must be an object',
    );
  });

  it('refuses a resource or documentation that is not an absolute URL, or that has a fragment', () => {
    expect(configError(() => protectedResourceMetadata(guard, { resource: '/api' }))).toBe(
      'options.resource must be an absolute URL',
    );
    expect(configError(() => protectedResourceMetadata(guard, { resource: 5 as never }))).toBe(
      'options.resource must be an absolute URL',
    );
    expect(
      configError(() => protectedResourceMetadata(guard, { resource: 'https://api.example.com#v1' })),
    ).toBe('options.resource must not contain a fragment');
    expect(configError(() => protectedResourceMetadata(guard, { resourceDocumentation: 'docs' }))).toBe(
      'options.resourceDocumentation must be an absolute URL',
    );
  });

  it('refuses a URL object where a URL string is expected', () => {
    expect(
      configError(() =>
        protectedResourceMetadata(guard, { resource: new URL('https://api.example.com') as never }),
      ),
    ).toBe('options.resource must be an absolute URL');
  });

  it('refuses an empty or non-string resource name', () => {
    for (const resourceName of ['', 5]) {
      expect(
        configError(() => protectedResourceMetadata(guard, { resourceName: resourceName as never })),
      ).toBe('options.resourceName must be a non-empty string');
    }
  });

  it('serves a resource with trailing slashes at the path without them', () => {
    expect(resourceMetadataPaths('https://api.example.com/v1//')).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/v1',
    ]);
    expect(resourceMetadataPaths('https://api.example.com//')).toEqual([
      '/.well-known/oauth-protected-resource',
    ]);
  });
});
