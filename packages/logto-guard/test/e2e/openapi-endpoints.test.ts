// The OAuth 2.0 endpoints of the OpenAPI document, read from a real issuer's discovery document (the dev
// issuer, oidc-provider as in Logto, over HTTP on 127.0.0.1).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_API_RESOURCE as API, type DevIssuer, startDevIssuer } from '@logto-guard/dev-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createGuard, openApiComponents, openApiEndpoints, UnavailableError } from '../../src/core/index.js';

describe('openApiEndpoints', () => {
  let issuer: DevIssuer;

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
  });
  afterAll(() => issuer?.close());

  it("reads the issuer's authorization and token endpoints, the ones openApiComponents assumes for Logto", async () => {
    const guard = createGuard({ endpoint: issuer.url, audience: API });
    const endpoints = await openApiEndpoints(guard);
    expect(endpoints).toEqual({
      authorizationUrl: `${issuer.url}/oidc/auth`,
      tokenUrl: issuer.tokenEndpoint,
    });
    const assumed = openApiComponents(guard, { flows: ['authorizationCode'] }).securitySchemes.logto?.flows;
    expect(assumed).toEqual({ authorizationCode: { ...endpoints, scopes: {} } });
  });

  it('rejects with discovery_failed (503) when the document names another issuer', async () => {
    // A server that serves the dev issuer's document under another path: its `issuer` is not this one.
    const server = createServer((_req, res) => {
      fetch(`${issuer.url}/oidc/.well-known/openid-configuration`)
        .then((answer) => answer.text())
        .then((body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const guard = createGuard({ endpoint: `http://127.0.0.1:${port}`, audience: API });
      const failure = await openApiEndpoints(guard).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UnavailableError);
      expect(failure).toMatchObject({ code: 'discovery_failed', status: 503 });
      expect((failure as Error).cause).toEqual(new Error('discovery document names another issuer'));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
