import { type OutgoingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGuard,
  type Guard,
  globalApi,
  LogtoGuardConfigError,
  organizationApi,
  organizationPermissions,
  protectedResourceMetadata,
} from '../../src/core/index.js';
import { requireToolScopes } from '../../src/mcp/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://mcp.example.com/mcp';
const METADATA = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const call = (name: string, args: Record<string, unknown> = {}, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

describe('requireToolScopes', () => {
  let issuer: TestIssuer;
  let guard: Guard;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      fetch: issuer.fetch,
      resourceMetadata: METADATA,
    });
    const app = express();
    app.post(
      '/mcp',
      express.json(),
      requireToolScopes(guard, {
        'list-products': globalApi({ scopes: ['read:products'] }),
        'list-projects': organizationApi({ scopes: ['read:projects'] }),
        'list-members': organizationPermissions({ scopes: ['read:members'] }),
      }),
      (_req, res) => {
        res.json({ ran: true });
      },
    );
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await issuer.close();
  });

  const post = (body: unknown, token?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('rejects a tool call with two Authorization headers, even when the first holds the scope', async () => {
    const valid = `Bearer ${await issuer.mintApiToken(API, { scopes: ['read:products'] })}`;
    const body = JSON.stringify(call('list-products'));
    const answer = await new Promise<{ status?: number; challenge?: string }>((resolve, reject) => {
      // Node writes one header line per value of an array (its types allow arrays for list headers only).
      const headers = { 'content-type': 'application/json', authorization: [valid, 'Bearer other'] };
      const req = request(
        url,
        { method: 'POST', headers: headers as unknown as OutgoingHttpHeaders },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode, challenge: res.headers['www-authenticate'] }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(401);
    expect(answer.challenge).toContain('error="invalid_request"');
  });

  it('lets a tool call with the scope through', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
    const response = await post(call('list-products'), token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ran: true });
  });

  it('answers 403 insufficient_scope with scope and resource_metadata without the scope', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['api:read'] });
    const response = await post(call('list-products'), token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="api", error="insufficient_scope", scope="read:products", resource_metadata="${METADATA}"`,
    );
    expect(await response.json()).toEqual({ error: 'Insufficient scope' });
  });

  it('answers 401 with resource_metadata to a tool call without a token', async () => {
    const response = await post(call('list-products'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="api", resource_metadata="${METADATA}"`,
    );
  });

  it('reads the organization of the organization models from the tool arguments', async () => {
    const apiToken = await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] });
    expect((await post(call('list-projects', { organizationId: 'org-a' }), apiToken)).status).toBe(200);
    expect((await post(call('list-projects', { organizationId: 'org-b' }), apiToken)).status).toBe(403);
    expect((await post(call('list-projects'), apiToken)).status).toBe(403);
    const orgToken = await issuer.mintOrganizationToken('org-a', { scopes: ['read:members'] });
    expect((await post(call('list-members', { organizationId: 'org-a' }), orgToken)).status).toBe(200);
    expect((await post(call('list-members', { organizationId: 'org-b' }), orgToken)).status).toBe(403);
  });

  it('checks every call of a batch and leaves other methods and unlisted tools alone', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
    const batch = [call('list-products', {}, 1), call('list-projects', { organizationId: 'org-a' }, 2)];
    expect((await post(batch, token)).status).toBe(403);
    expect((await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' })).status).toBe(200);
    expect((await post(call('echo'))).status).toBe(200);
  });

  it('lists the tool scopes in the RFC 9728 metadata', () => {
    expect(protectedResourceMetadata(guard).scopes_supported).toEqual([
      'read:products',
      'read:projects',
      'read:members',
    ]);
  });

  it('rejects a tool whose policy is not a policy, naming the tool', () => {
    expect(() => requireToolScopes(guard, { add: { scopes: ['x'] } as never })).toThrow(
      LogtoGuardConfigError,
    );
    expect(() => requireToolScopes(guard, { add: { scopes: ['x'] } as never })).toThrow('tools.add');
  });
});
