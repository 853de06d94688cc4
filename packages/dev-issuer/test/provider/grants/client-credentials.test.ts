import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_API_PERMISSIONS,
  DEFAULT_API_RESOURCE,
  DEFAULT_ORGANIZATIONS,
  type DevIssuer,
  startDevIssuer,
} from '../../../src/index.js';
import {
  decode,
  fullAccess,
  globexMember,
  readOnly,
  rejectionOf,
  tokenFor,
  verifyAccessToken,
} from '../../helpers.js';

const orgAudience = (id: string) => `urn:logto:organization:${id}`;

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});

afterAll(async () => {
  await issuer?.close();
});

describe('global API resource tokens (resource=...)', () => {
  it('issues an ES384 at+jwt whose kid is the current key, verifiable with the served JWKS', async () => {
    const { access_token } = await tokenFor(issuer, readOnly, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    const { header } = await verifyAccessToken(issuer, access_token, DEFAULT_API_RESOURCE);
    expect(header).toEqual({ alg: 'ES384', typ: 'at+jwt', kid: issuer.currentKey.kid });
  });

  it('carries exactly Logto claims: iss, sub = client_id, single-string aud, exp, iat, jti, client_id, scope; no nbf', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    const { payload } = await verifyAccessToken(issuer, response.access_token, DEFAULT_API_RESOURCE);
    expect(Object.keys(payload).sort()).toEqual([
      'aud',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'scope',
      'sub',
    ]);
    expect(payload).toMatchObject({
      iss: issuer.issuer,
      sub: fullAccess.id,
      client_id: fullAccess.id,
      aud: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    expect(typeof payload.aud).toBe('string');
    expect(payload.nbf).toBeUndefined();
    expect(payload.organization_id).toBeUndefined();
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(response).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api:read' });
  });

  it('grants the intersection of the requested scopes and what the global roles allow', async () => {
    const { access_token, scope } = await tokenFor(issuer, readOnly, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:write read:products api:read unknown:scope',
    });
    expect(scope).toBe('read:products api:read');
    expect(decode(access_token).payload.scope).toBe('read:products api:read');
  });

  it('grants every permission of the resource to the full-access app when asked', async () => {
    const { scope } = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: DEFAULT_API_PERMISSIONS.join(' '),
    });
    expect(scope).toBe(DEFAULT_API_PERMISSIONS.join(' '));
  });

  it('omits the scope claim (and response field) when no scope was requested', async () => {
    const response = await tokenFor(issuer, fullAccess, { resource: DEFAULT_API_RESOURCE });
    expect(response.scope).toBeUndefined();
    const { payload } = await verifyAccessToken(issuer, response.access_token, DEFAULT_API_RESOURCE);
    expect('scope' in payload).toBe(false);
  });

  it('omits the scope claim when none of the requested scopes is granted', async () => {
    const response = await tokenFor(issuer, globexMember, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    expect(response.scope).toBeUndefined();
    expect('scope' in decode(response.access_token).payload).toBe(false);
  });

  it('accepts client_secret_post (client_id and client_secret in the form)', async () => {
    const { access_token } = await tokenFor(issuer, readOnly, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
      authMethod: 'post',
    });
    expect(decode(access_token).payload.client_id).toBe(readOnly.id);
  });
});

describe('organization tokens (organization_id=..., no resource)', () => {
  it('issues a token for urn:logto:organization:<id> with the organization permissions requested and granted', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      organizationId: DEFAULT_ORGANIZATIONS.acme,
      scope: 'invite:member read:members api:read',
    });
    const audience = orgAudience(DEFAULT_ORGANIZATIONS.acme);
    const { header, payload } = await verifyAccessToken(issuer, response.access_token, audience);
    expect(header.typ).toBe('at+jwt');
    expect(payload).toMatchObject({ aud: audience, sub: fullAccess.id, client_id: fullAccess.id });
    // Ordered as the organization role lists them, like Logto.
    expect(payload.scope).toBe('read:members invite:member');
    expect(payload.organization_id).toBeUndefined();
    expect(payload.nbf).toBeUndefined();
  });

  it('limits scopes to the organization roles held in that organization', async () => {
    const response = await tokenFor(issuer, globexMember, {
      organizationId: DEFAULT_ORGANIZATIONS.globex,
      scope: 'read:members invite:member',
    });
    expect(response.scope).toBe('read:members');
  });

  it('answers scope "" but leaves the scope claim out of the JWT when nothing is granted (as Logto does)', async () => {
    const response = await tokenFor(issuer, globexMember, {
      organizationId: DEFAULT_ORGANIZATIONS.globex,
      scope: 'invite:member',
    });
    expect(response.scope).toBe('');
    expect('scope' in decode(response.access_token).payload).toBe(false);
  });

  it('rejects an application that is not a member of the organization with 403 access_denied', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, readOnly, { organizationId: DEFAULT_ORGANIZATIONS.acme, scope: 'read:members' }),
    );
    expect(error).toMatchObject({
      status: 403,
      error: 'access_denied',
      errorDescription: 'app has not associated with the organization',
    });
  });

  it('rejects a member of another organization with 403 access_denied', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, globexMember, { organizationId: DEFAULT_ORGANIZATIONS.acme }),
    );
    expect(error.status).toBe(403);
    expect(error.error).toBe('access_denied');
  });
});

describe('organization-level API resource tokens (resource=... and organization_id=...)', () => {
  it('issues a token for the API with the organization_id claim', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      organizationId: DEFAULT_ORGANIZATIONS.acme,
      scope: 'read:projects',
    });
    const { payload } = await verifyAccessToken(issuer, response.access_token, DEFAULT_API_RESOURCE);
    expect(Object.keys(payload).sort()).toEqual([
      'aud',
      'client_id',
      'exp',
      'iat',
      'iss',
      'jti',
      'organization_id',
      'scope',
      'sub',
    ]);
    expect(payload).toMatchObject({
      aud: DEFAULT_API_RESOURCE,
      organization_id: DEFAULT_ORGANIZATIONS.acme,
      sub: fullAccess.id,
      scope: 'read:projects',
    });
  });

  it('grants only the API permissions of the organization roles, not those of the global roles', async () => {
    // fullAccess holds write:projects globally, but its organization role grants read:projects only.
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      organizationId: DEFAULT_ORGANIZATIONS.acme,
      scope: 'read:projects write:projects api:read',
    });
    expect(response.scope).toBe('read:projects');
  });

  it('gives an app without global roles its organization API permissions', async () => {
    const response = await tokenFor(issuer, globexMember, {
      resource: DEFAULT_API_RESOURCE,
      organizationId: DEFAULT_ORGANIZATIONS.globex,
      scope: 'read:projects',
    });
    expect(decode(response.access_token).payload).toMatchObject({
      organization_id: DEFAULT_ORGANIZATIONS.globex,
      scope: 'read:projects',
    });
  });

  it('rejects a non-member with 403 access_denied', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, readOnly, {
        resource: DEFAULT_API_RESOURCE,
        organizationId: DEFAULT_ORGANIZATIONS.acme,
        scope: 'read:projects',
      }),
    );
    expect(error.status).toBe(403);
    expect(error.error).toBe('access_denied');
  });
});

describe('rejected token requests', () => {
  it('rejects a wrong client secret with 401 invalid_client', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, { id: readOnly.id, secret: 'wrong' }, { resource: DEFAULT_API_RESOURCE }),
    );
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', code: 'ERR_TOKEN_REQUEST' });
  });

  it('rejects a wrong client secret sent in the form with 401 invalid_client', async () => {
    const error = await rejectionOf(
      tokenFor(
        issuer,
        { id: readOnly.id, secret: 'wrong' },
        { resource: DEFAULT_API_RESOURCE, authMethod: 'post' },
      ),
    );
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('rejects an unknown client with 401 invalid_client', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, { id: 'nobody', secret: 'x' }, { resource: DEFAULT_API_RESOURCE }),
    );
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('rejects an unknown resource with 400 invalid_target', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, fullAccess, { resource: 'https://unknown.example.com', scope: 'api:read' }),
    );
    expect(error).toMatchObject({ status: 400, error: 'invalid_target' });
  });

  it('rejects a resource that is not an absolute URI with invalid_target', async () => {
    const error = await rejectionOf(tokenFor(issuer, fullAccess, { resource: 'api' }));
    expect(error.error).toBe('invalid_target');
  });

  it('rejects a request with neither resource nor organization_id with invalid_target, as Logto does', async () => {
    const error = await rejectionOf(tokenFor(issuer, fullAccess, { scope: 'api:read' }));
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_target',
      errorDescription: 'both `resource` and `organization_id` are not provided',
    });
  });

  it('rejects two resource indicators with invalid_target', async () => {
    const form = new URLSearchParams([
      ['grant_type', 'client_credentials'],
      ['client_id', fullAccess.id],
      ['client_secret', fullAccess.secret],
      ['resource', DEFAULT_API_RESOURCE],
      ['resource', 'https://other.example.com'],
    ]);
    const response = await fetch(issuer.tokenEndpoint, { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_target' });
  });

  it('rejects grant types other than client_credentials for the seeded apps', async () => {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'x',
      redirect_uri: 'http://localhost/cb',
      client_id: fullAccess.id,
      client_secret: fullAccess.secret,
    });
    const response = await fetch(issuer.tokenEndpoint, { method: 'POST', body: form });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^(invalid_request|unauthorized_client)$/,
    );
  });
});
