import { DEFAULT_API_RESOURCE, DEFAULT_USER_APPLICATIONS, DEFAULT_USERS } from '@logto-guard/dev-issuer';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';

import { runCli, useDevIssuer } from './helpers.js';

const devIssuer = useDevIssuer();
const { admin, member } = DEFAULT_USERS;
const asUser = (user: { username: string; password: string }) => [
  'token',
  '--endpoint',
  devIssuer().url,
  '--user',
  user.username,
  '--password',
  user.password,
];

describe('logto-guard token --user (a seeded user of the local dev issuer)', () => {
  it('prints a user token for the API: sub = the user, client_id = the seeded single-page app', async () => {
    const result = await runCli([
      ...asUser(admin),
      '--resource',
      DEFAULT_API_RESOURCE,
      '--scope',
      'api:read api:write',
    ]);
    expect(result.code).toBe(0);
    expect(decodeJwt(result.stdout.trim())).toMatchObject({
      sub: admin.id,
      client_id: DEFAULT_USER_APPLICATIONS.spa.id,
      aud: DEFAULT_API_RESOURCE,
      scope: 'api:read api:write',
    });
  });

  it('prints a user organization token with --organization', async () => {
    const result = await runCli([...asUser(member), '--organization', 'org-acme', '--scope', 'read:members']);
    expect(result.code).toBe(0);
    expect(decodeJwt(result.stdout.trim())).toMatchObject({
      sub: member.id,
      aud: 'urn:logto:organization:org-acme',
    });
  });

  it('exits 1 with the issuer’s 403 for a non-member, and with a hint for a wrong password', async () => {
    const refused = await runCli([...asUser(member), '--organization', 'org-globex']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('access_denied: user is not a member of the organization (HTTP 403)');
    const wrong = await runCli([
      'token',
      '--endpoint',
      devIssuer().url,
      '--user',
      'admin',
      '--password',
      'nope',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('refused --user admin (HTTP 401)');
    expect(wrong.stderr).not.toContain('nope');
  });
});
