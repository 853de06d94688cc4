/**
 * The client_credentials grant's rules at their edges, as a client of the token endpoint sees them: the
 * status, the OAuth error and its description, and the claims of the token it gets (issue 17: the tests
 * that pin the dev issuer's token rules).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_ORGANIZATIONS,
  type DevIssuer,
  startDevIssuer,
} from '../../../src/index.js';
import { decode, fullAccess, globexMember, readOnly, rejectionOf, tokenFor } from '../../helpers.js';

const { acme, globex } = DEFAULT_ORGANIZATIONS;

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});

afterAll(async () => {
  await issuer?.close();
});

/** A token request as raw form pairs (repeated or empty parameters), answered as status and JSON body. */
async function post(pairs: [string, string][]): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams([
    ['grant_type', 'client_credentials'],
    ['client_id', fullAccess.id],
    ['client_secret', fullAccess.secret],
    ...pairs,
  ]);
  const response = await fetch(issuer.tokenEndpoint, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the token response', () => {
  it('answers token_type Bearer, expires_in the lifetime, and the granted scope', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    });
    expect(response).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api:read' });
  });

  it('answers the same fields for an organization token', async () => {
    const response = await tokenFor(issuer, fullAccess, { organizationId: acme, scope: 'read:members' });
    expect(response).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read:members' });
    const { payload } = decode(response.access_token);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload).toMatchObject({ sub: fullAccess.id, client_id: fullAccess.id, scope: 'read:members' });
  });
});

describe('requested scopes', () => {
  it('ignores a scope asked for twice', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read read:products api:read',
    });
    expect(response.scope).toBe('api:read read:products');
    expect(decode(response.access_token).payload.scope).toBe('api:read read:products');
  });

  it('grants an organization token only the organization permissions asked for, in the role’s order', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      organizationId: acme,
      scope: 'invite:member unknown read:members invite:member',
    });
    expect(response.scope).toBe('read:members invite:member');
  });

  it('grants an organization token no scope when none is asked for', async () => {
    const response = await tokenFor(issuer, fullAccess, { organizationId: acme });
    expect(response.scope).toBe('');
    expect('scope' in decode(response.access_token).payload).toBe(false);
  });
});

describe('organization_id', () => {
  it('treats an empty organization_id as absent: an API token without the organization_id claim', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      organizationId: '',
      scope: 'api:write read:projects',
    });
    const { payload } = decode(response.access_token);
    expect(payload.aud).toBe(DEFAULT_API_RESOURCE);
    expect(payload.organization_id).toBeUndefined();
    // The global roles' permissions, not the organization roles' (which hold read:projects only).
    expect(payload.scope).toBe('api:write read:projects');
  });

  it('rejects an empty organization_id without a resource as neither being provided', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, fullAccess, { organizationId: '', scope: 'read:members' }),
    );
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_target',
      errorDescription: 'both `resource` and `organization_id` are not provided',
    });
  });

  it('treats an empty resource sent with organization_id as absent: an organization token', async () => {
    const response = await tokenFor(issuer, fullAccess, {
      resource: '',
      organizationId: acme,
      scope: 'read:members api:read',
    });
    const { payload } = decode(response.access_token);
    expect(payload.aud).toBe(`urn:logto:organization:${acme}`);
    expect(payload.organization_id).toBeUndefined();
    expect(response.scope).toBe('read:members');
  });

  it('rejects a non-member before looking at the resource (403, not invalid_target)', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, readOnly, { organizationId: acme, resource: 'not a uri', scope: 'api:read' }),
    );
    expect(error).toMatchObject({
      status: 403,
      error: 'access_denied',
      errorDescription: 'app has not associated with the organization',
    });
  });

  it('grants an organization-level API token the organization roles’ API permissions there only', async () => {
    const response = await tokenFor(issuer, globexMember, {
      resource: DEFAULT_API_RESOURCE,
      organizationId: globex,
      scope: 'read:projects api:read',
    });
    expect(response.scope).toBe('read:projects');
    expect(decode(response.access_token).payload).toMatchObject({
      aud: DEFAULT_API_RESOURCE,
      organization_id: globex,
      scope: 'read:projects',
    });
  });
});

describe('resource indicators it refuses', () => {
  it('rejects a resource that is not an absolute URI, saying so', async () => {
    const error = await rejectionOf(tokenFor(issuer, fullAccess, { resource: 'api', scope: 'api:read' }));
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_target',
      errorDescription: 'resource indicator must be an absolute URI',
    });
  });

  it('rejects a resource with a fragment, saying so', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, fullAccess, { resource: `${DEFAULT_API_RESOURCE}#part`, scope: 'api:read' }),
    );
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_target',
      errorDescription: 'resource indicator must not contain a fragment component',
    });
  });

  it('rejects two resources, saying only one is supported', async () => {
    const { status, body } = await post([
      ['resource', DEFAULT_API_RESOURCE],
      ['resource', DEFAULT_API_RESOURCE],
    ]);
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'invalid_target',
      error_description: 'only a single resource indicator value is supported for this grant type',
    });
  });

  it('rejects two resources with an organization_id too', async () => {
    const { status, body } = await post([
      ['organization_id', acme],
      ['resource', DEFAULT_API_RESOURCE],
      ['resource', ''],
    ]);
    expect(status).toBe(400);
    expect(body.error_description).toBe(
      'only a single resource indicator value is supported for this grant type',
    );
  });

  it('rejects two resources with an organization_id even when the first one is empty', async () => {
    const { status, body } = await post([
      ['organization_id', acme],
      ['resource', ''],
      ['resource', DEFAULT_API_RESOURCE],
    ]);
    expect(status).toBe(400);
    expect(body.error_description).toBe(
      'only a single resource indicator value is supported for this grant type',
    );
  });

  it('rejects the organizations resource for a machine-to-machine app (it is not an API resource)', async () => {
    const error = await rejectionOf(
      tokenFor(issuer, fullAccess, { resource: 'urn:logto:resource:organizations', scope: 'read:members' }),
    );
    expect(error).toMatchObject({ status: 400, error: 'invalid_target' });
  });
});
