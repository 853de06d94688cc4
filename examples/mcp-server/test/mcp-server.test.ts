/**
 * End to end: the MCP SDK's own client against the example server over real HTTP, with tokens from the
 * dev issuer's token endpoint. The demo API resource of the dev issuer's world is this server's URL, so
 * the SDK's own OAuth discovery (RFC 9728 metadata → issuer → client-credentials token) works as well.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDefaultWorld,
  DEFAULT_APPLICATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { discoverOAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createGuard } from 'logto-guard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpApp } from '../src/app.js';

const { fullAccess, readOnly } = DEFAULT_APPLICATIONS;

describe('MCP server example', () => {
  let server: Server;
  let issuer: DevIssuer;
  let resource: string;
  let metadataUrl: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    // Listen first: the resource indicator is this server's own URL, as MCP clients expect.
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    resource = `http://127.0.0.1:${port}/mcp`;
    metadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
    issuer = await startDevIssuer({ port: 0, world: createDefaultWorld({ apiResource: resource }) });
    const guard = createGuard({ endpoint: issuer.url, audience: resource, resourceMetadata: metadataUrl });
    server.on('request', createMcpApp(guard));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await new Promise((resolve) => server.close(resolve));
    await issuer.close();
  });

  async function token(app: { id: string; secret: string }, scope: string, organizationId?: string) {
    const response = await requestClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: app.id,
      clientSecret: app.secret,
      resource,
      scope,
      ...(organizationId === undefined ? {} : { organizationId }),
    });
    return response.access_token;
  }

  async function connect(accessToken?: string): Promise<Client> {
    const headers: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource), { requestInit: { headers } }));
    clients.push(client);
    return client;
  }

  const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
    JSON.parse((result.content as { type: string; text: string }[])[0]?.text ?? 'null');

  it('answers a client without a token 401 with resource_metadata, which the SDK discovers', async () => {
    const refused = connect();
    await expect(refused).rejects.toBeInstanceOf(StreamableHTTPError);
    await expect(refused).rejects.toMatchObject({ code: 401 });
    const response = await fetch(resource, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain(`resource_metadata="${metadataUrl}"`);
    const metadata = await discoverOAuthProtectedResourceMetadata(new URL(resource));
    expect(metadata).toMatchObject({
      resource,
      authorization_servers: [issuer.issuer],
      bearer_methods_supported: ['header'],
    });
    expect([...(metadata.scopes_supported ?? [])].sort()).toEqual([
      'read:products',
      'read:projects',
      'write:orders',
    ]);
  });

  it('runs a tool for a token with its scope', async () => {
    const client = await connect(await token(readOnly, 'read:products'));
    const result = await client.callTool({ name: 'list-products', arguments: {} });
    expect(text(result)).toEqual({ products: ['tea', 'coffee'], caller: readOnly.id });
  });

  it('answers 403 to a tool whose scope the token lacks', async () => {
    const client = await connect(await token(readOnly, 'read:products'));
    const call = client.callTool({ name: 'create-order', arguments: { product: 'tea' } });
    await expect(call).rejects.toBeInstanceOf(StreamableHTTPError);
    await expect(call).rejects.toMatchObject({ code: 403 });
  });

  it('runs a tool needing another scope for a token that has it', async () => {
    const client = await connect(await token(fullAccess, 'write:orders'));
    const result = await client.callTool({ name: 'create-order', arguments: { product: 'tea' } });
    expect(text(result)).toEqual({ ordered: 'tea', by: fullAccess.id });
  });

  it('checks the organization of an organization-level tool from its arguments', async () => {
    const client = await connect(await token(fullAccess, 'read:projects', 'org-acme'));
    const result = await client.callTool({
      name: 'list-projects',
      arguments: { organizationId: 'org-acme' },
    });
    expect(text(result)).toEqual({ organizationId: 'org-acme', projects: ['apollo'] });
    const other = client.callTool({ name: 'list-projects', arguments: { organizationId: 'org-globex' } });
    await expect(other).rejects.toMatchObject({ code: 403 });
  });

  it("lets the SDK's client-credentials provider find Logto from the metadata and get its own token", async () => {
    const authProvider = new ClientCredentialsProvider({
      clientId: readOnly.id,
      clientSecret: readOnly.secret,
      scope: 'read:products',
      expectedIssuer: issuer.issuer,
    });
    const client = new Client({ name: 'e2e-oauth', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource), { authProvider }));
    clients.push(client);
    const result = await client.callTool({ name: 'list-products', arguments: {} });
    expect(text(result)).toEqual({ products: ['tea', 'coffee'], caller: readOnly.id });
  });
});
