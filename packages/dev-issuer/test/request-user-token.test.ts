import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_API_RESOURCE,
  type DevIssuer,
  requestUserToken,
  SignInFlowError,
  startDevIssuer,
  TokenRequestError,
} from '../src/index.js';
import { decode, verifyAccessToken } from './helpers.js';
import { admin, member, spa } from './users.js';

let issuer: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ port: 0 });
});

afterAll(async () => {
  await issuer?.close();
});

describe('requestUserToken (the form, authorization code + PKCE, then refresh_token)', () => {
  it('gets a user token for the API with the scopes the user’s roles grant', async () => {
    const { access_token, scope } = await requestUserToken({
      endpoint: issuer.url,
      ...admin,
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read api:write',
    });
    const { payload } = await verifyAccessToken(issuer, access_token, DEFAULT_API_RESOURCE);
    expect(payload).toMatchObject({ sub: admin.id, client_id: spa.id, scope: 'api:read api:write' });
    expect(scope).toBe('api:read api:write');
  });

  it('gets an organization token, and an organization-level API token', async () => {
    const org = await requestUserToken({
      endpoint: issuer.url,
      ...member,
      organizationId: 'org-acme',
      scope: 'read:members',
    });
    expect(decode(org.access_token).payload).toMatchObject({
      aud: 'urn:logto:organization:org-acme',
      scope: 'read:members',
    });
    const api = await requestUserToken({
      endpoint: issuer.url,
      ...member,
      resource: DEFAULT_API_RESOURCE,
      organizationId: 'org-acme',
      scope: 'read:projects',
    });
    expect(decode(api.access_token).payload).toMatchObject({
      organization_id: 'org-acme',
      scope: 'read:projects',
    });
  });

  it('reports a non-member as the issuer’s 403 and a wrong password as a 401 sign-in failure', async () => {
    const refused = await requestUserToken({
      endpoint: issuer.url,
      ...member,
      organizationId: 'org-globex',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TokenRequestError);
    expect(refused).toMatchObject({ status: 403, error: 'access_denied' });
    const wrong = await requestUserToken({ endpoint: issuer.url, username: 'admin', password: 'nope' }).catch(
      (error: unknown) => error,
    );
    expect(wrong).toBeInstanceOf(SignInFlowError);
    expect(wrong).toMatchObject({ status: 401 });
  });
});
