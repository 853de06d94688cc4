/**
 * What an ID token carries and how it is signed, as an app that signs a user in checks it: `typ: JWT`,
 * verifiable with the served JWKS for both signing algorithms, and Logto's user claims per scope
 * (issue 17: the tests that pin the dev issuer's token rules).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDefaultWorld, type DevIssuer, startDevIssuer } from '../../src/index.js';
import { admin, refresh, signIn, spa } from '../users.js';

const ALL_USER_SCOPES =
  'openid offline_access profile email roles urn:logto:scope:organizations urn:logto:scope:organization_roles';

const issuers: DevIssuer[] = [];

async function start(options: Parameters<typeof startDevIssuer>[0] = {}): Promise<DevIssuer> {
  const issuer = await startDevIssuer({ port: 0, ...options });
  issuers.push(issuer);
  return issuer;
}

/** Verifies an ID token the way an OIDC client does: the served JWKS, `typ: JWT`, issuer and audience. */
async function verifyIdToken(issuer: DevIssuer, token: string, algorithm: string) {
  const jwks = createRemoteJWKSet(new URL(issuer.jwksUri), { cooldownDuration: 0 });
  return jwtVerify(token, jwks, {
    issuer: issuer.issuer,
    audience: spa.id,
    algorithms: [algorithm],
    typ: 'JWT',
  });
}

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await start();
});

afterAll(async () => {
  await Promise.all(issuers.map((running) => running.close()));
});

describe('ID token signature', () => {
  it('is an ES384 JWT with typ JWT that verifies against the served JWKS', async () => {
    const { tokens } = await signIn(issuer, { user: admin });
    const { protectedHeader, payload } = await verifyIdToken(issuer, tokens.id_token!, 'ES384');
    expect(protectedHeader).toEqual({ alg: 'ES384', typ: 'JWT', kid: issuer.currentKey.kid });
    expect(payload.sub).toBe(admin.id);
  });

  it('is an RS256 JWT with typ JWT that verifies against the served JWKS in RS256 mode', async () => {
    const rsa = await start({ alg: 'RS256' });
    const { tokens } = await signIn(rsa, { user: admin });
    const { protectedHeader, payload } = await verifyIdToken(rsa, tokens.id_token!, 'RS256');
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: rsa.currentKey.kid });
    expect(payload.sub).toBe(admin.id);
  });

  it('keeps typ JWT and a valid signature on the ID token of a refresh', async () => {
    const { config, tokens } = await signIn(issuer, { user: admin });
    const refreshed = await refresh(config, tokens.refresh_token!);
    expect(refreshed.id_token).toEqual(expect.any(String));
    const { protectedHeader } = await verifyIdToken(issuer, refreshed.id_token!, 'ES384');
    expect(protectedHeader.typ).toBe('JWT');
  });
});

describe('ID token claims', () => {
  it('carries Logto’s user claims for every user scope asked for', async () => {
    const { tokens } = await signIn(issuer, { user: admin, scope: ALL_USER_SCOPES, resources: [] });
    const { payload } = await verifyIdToken(issuer, tokens.id_token!, 'ES384');
    expect(payload).toMatchObject({
      sub: admin.id,
      name: 'Ada Admin',
      username: 'admin',
      picture: null,
      email: 'admin@example.com',
      email_verified: true,
      roles: ['api-full-access'],
      organizations: ['org-acme', 'org-globex'],
      organization_roles: ['org-acme:admin', 'org-globex:admin'],
    });
  });

  it('carries only the claims of the scopes asked for', async () => {
    const { tokens } = await signIn(issuer, { user: admin, scope: 'openid profile', resources: [] });
    const { payload } = await verifyIdToken(issuer, tokens.id_token!, 'ES384');
    expect(payload).toMatchObject({ sub: admin.id, name: 'Ada Admin', username: 'admin' });
    for (const claim of ['email', 'email_verified', 'roles', 'organizations', 'organization_roles']) {
      expect(payload).not.toHaveProperty(claim);
    }
  });

  it('has no email claims for a user without an email', async () => {
    const world = createDefaultWorld();
    const users = (world.users ?? []).map(({ email: _email, ...user }) =>
      user.id === admin.id ? user : { ...user, email: _email },
    );
    const noEmail = await start({ world: { ...world, users } });
    const { tokens } = await signIn(noEmail, { user: admin, scope: ALL_USER_SCOPES, resources: [] });
    const { payload } = await verifyIdToken(noEmail, tokens.id_token!, 'ES384');
    expect(payload).not.toHaveProperty('email');
    expect(payload).not.toHaveProperty('email_verified');
    expect(payload.username).toBe('admin');
  });
});
