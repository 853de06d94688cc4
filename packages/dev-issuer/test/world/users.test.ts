import { describe, expect, it } from 'vitest';

import {
  createDefaultWorld,
  DEFAULT_USER_APPLICATIONS,
  DEFAULT_USERS,
  DevIssuerConfigError,
  validateWorldConfig,
  type WorldConfig,
} from '../../src/index.js';

const base: WorldConfig = {
  resources: [{ indicator: 'https://api.example.com', permissions: ['api:read'] }],
  roles: [{ name: 'reader', permissions: [{ resource: 'https://api.example.com', scope: 'api:read' }] }],
  organizations: [{ id: 'org-1' }],
  organizationRoles: [{ name: 'viewer' }],
  applications: [{ id: 'm2m', secret: 'm2m-secret' }],
};

function issuesOf(config: unknown): string[] {
  try {
    validateWorldConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(DevIssuerConfigError);
    return (error as DevIssuerConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('the config was accepted');
}

describe('users and user applications in the world', () => {
  it('seeds an admin, a read-only user and a member of one organization only, with an SPA and a web app', () => {
    const world = validateWorldConfig(createDefaultWorld());
    expect(world.users.map((user) => user.id)).toEqual([
      DEFAULT_USERS.admin.id,
      DEFAULT_USERS.reader.id,
      DEFAULT_USERS.member.id,
    ]);
    const member = world.users.find((user) => user.id === DEFAULT_USERS.member.id)!;
    expect(member.organizations).toEqual([{ id: 'org-acme', roles: ['member'] }]);
    expect(world.userApplications.map(({ id, type }) => ({ id, type }))).toEqual([
      { id: DEFAULT_USER_APPLICATIONS.spa.id, type: 'spa' },
      { id: DEFAULT_USER_APPLICATIONS.traditional.id, type: 'traditional' },
    ]);
    expect(world.userApplications[0]!.redirectUris).toContain('http://127.0.0.1:3000/playground/callback');
  });

  it('builds the redirect URIs from appOrigins', () => {
    const world = validateWorldConfig(createDefaultWorld({ appOrigins: ['http://localhost:5173/'] }));
    expect(world.userApplications[0]!.redirectUris).toEqual(['http://localhost:5173/playground/callback']);
    expect(world.userApplications[1]!.redirectUris).toEqual(['http://localhost:5173/callback']);
  });

  it('defaults a user’s name to the username and normalizes lists', () => {
    const world = validateWorldConfig({ ...base, users: [{ id: 'u1', username: 'alice', password: 'pw' }] });
    expect(world.users).toEqual([
      { id: 'u1', username: 'alice', password: 'pw', name: 'alice', roles: [], organizations: [] },
    ]);
  });

  it('names every problem of the users section by path', () => {
    const issues = issuesOf({
      ...base,
      users: [
        { id: 'u1', username: 'alice', password: 'pw', roles: ['writer'], organizations: [{ id: 'org-2' }] },
        { id: 'u1', username: 'alice', passwd: 'pw' },
        { id: 'm2m', username: 'bob', password: 'pw' },
      ],
    });
    expect(issues).toEqual([
      'users[0].roles[0]: unknown role "writer" (known: reader)',
      'users[0].organizations[0].id: unknown organization "org-2" (known: org-1)',
      'users[1].passwd: unknown field (allowed: id, username, password, name, email, roles, organizations)',
      'users[1].id: duplicate user id "u1"',
      'users[1].username: duplicate username "alice"',
      'users[1].password: missing required field',
      'users[2].id: user id "m2m" is also an application id',
    ]);
  });

  it('requires a secret for a traditional web app, refuses one for an SPA, and checks redirect URIs', () => {
    const issues = issuesOf({
      ...base,
      userApplications: [
        { id: 'web', type: 'traditional', redirectUris: ['http://localhost/cb'] },
        { id: 'spa', type: 'spa', secret: 's', redirectUris: ['not a url', 'http://localhost/#frag'] },
        { id: 'm2m', type: 'native', redirectUris: [] },
      ],
    });
    expect(issues).toEqual([
      'userApplications[0].secret: missing required field',
      'userApplications[1].secret: a single-page app is a public client: it has no secret',
      'userApplications[1].redirectUris[0]: must be an absolute http(s) URL without fragment: "not a url"',
      'userApplications[1].redirectUris[1]: must be an absolute http(s) URL without fragment: "http://localhost/#frag"',
      'userApplications[2].id: duplicate application id "m2m"',
      'userApplications[2].type: expected "spa" or "traditional", got "native"',
    ]);
  });
});
