/**
 * The demo's discoverability: RFC 9728 metadata named by every challenge, an OpenAPI document derived
 * from its routes (checked by a real validator), Swagger UI, and its token relay for "Authorize".
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../src/start.js';
import { API_RESOURCE, call, readOnly } from './helpers.js';

describe('demo API discovery', () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, issuerPort: 0 });
  });
  afterAll(() => demo?.close());

  it('points every 401 at its own metadata, which names the resource and the issuer', async () => {
    const refused = await call(demo.url, '/api/protected');
    expect(refused.status).toBe(401);
    const metadataUrl = `${demo.url}/.well-known/oauth-protected-resource`;
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer realm="api", resource_metadata="${metadataUrl}"`,
    );
    const metadata = await fetch(metadataUrl);
    expect(metadata.headers.get('access-control-allow-origin')).toBe('*');
    const document = await metadata.json();
    expect(document).toMatchObject({
      resource: API_RESOURCE,
      authorization_servers: [demo.devIssuer?.issuer],
      bearer_methods_supported: ['header'],
    });
    expect(document.scopes_supported).toEqual(
      expect.arrayContaining(['api:read', 'api:write', 'read:products', 'write:orders', 'read:members']),
    );
  });

  it('serves a valid OpenAPI 3.1 document with the scopes of each operation', async () => {
    const document = await (await fetch(`${demo.url}/openapi.json`)).json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const scopes = (path: string, method: string) => document.paths[path][method].security[0].logto;
    expect(scopes('/api/protected', 'get')).toEqual(['api:read', 'api:write']);
    expect(scopes('/api/products', 'get')).toEqual(['read:products']);
    expect(scopes('/api/orders', 'post')).toEqual(['write:orders']);
    expect(scopes('/api/organizations/{organizationId}/members', 'get')).toEqual(['read:members']);
    expect(scopes('/api/organizations/{organizationId}/projects', 'get')).toEqual(['read:projects']);
    expect(document.components.securitySchemes.logto.flows.clientCredentials.tokenUrl).toBe(
      `${demo.url}/docs/token`,
    );
  });

  it("offers the authorization-code flow at the issuer's authorization endpoint, from its discovery document", async () => {
    const document = await (await fetch(`${demo.url}/openapi.json`)).json();
    const discovery = await (
      await fetch(`${demo.devIssuer?.issuer}/.well-known/openid-configuration`)
    ).json();
    const flow = document.components.securitySchemes.logto.flows.authorizationCode;
    expect(flow.authorizationUrl).toBe(discovery.authorization_endpoint);
    expect(flow.tokenUrl).toBe(`${demo.url}/docs/token`);
    expect(Object.keys(flow.scopes)).toEqual(
      expect.arrayContaining(['api:read', 'read:products', 'write:orders', 'read:projects']),
    );
  });

  it('serves Swagger UI at /docs', async () => {
    const page = await fetch(`${demo.url}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });

  it("relays Swagger UI's client-credentials request to the issuer, adding the API resource", async () => {
    const basic = Buffer.from(`${readOnly.id}:${readOnly.secret}`).toString('base64');
    const answer = await fetch(`${demo.url}/docs/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'read:products' }),
    });
    expect(answer.status).toBe(200);
    const { access_token } = (await answer.json()) as { access_token: string };
    const products = await call(demo.url, '/api/products', { token: access_token });
    expect(products.status).toBe(200);
  });
});
