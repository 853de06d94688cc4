/**
 * An MCP server (Streamable HTTP) whose tools are protected by Logto tokens: the SDK's
 * `requireBearerAuth` with logto-guard's verifier for the endpoint, `requireToolScopes` for each tool,
 * and the RFC 9728 metadata MCP clients discover the authorization server with.
 *
 * @module
 */

import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type Express } from 'express';
import { type Guard, globalApi, organizationApi } from 'logto-guard';
import { serveResourceMetadata } from 'logto-guard/express';
import type { McpAuthExtra } from 'logto-guard/mcp';
import { createTokenVerifier, requireToolScopes } from 'logto-guard/mcp';
import { z } from 'zod';

/** The tools and the policy each needs; the organization of `list-projects` is its `organizationId` argument. */
export const toolPolicies = {
  'list-products': globalApi({ scopes: ['read:products'] }),
  'create-order': globalApi({ scopes: ['write:orders'] }),
  'list-projects': organizationApi({ scopes: ['read:projects'] }),
};

/** One MCP server per request (stateless Streamable HTTP): tools read the caller from `extra.authInfo`. */
function createMcpServer(): McpServer {
  const server = new McpServer({ name: 'logto-guard-mcp-example', version: '0.1.0' });
  server.registerTool('list-products', { description: 'List the products' }, (extra) => {
    const caller = extra.authInfo?.extra as McpAuthExtra | undefined;
    return {
      content: [{ type: 'text', text: JSON.stringify({ products: ['tea', 'coffee'], caller: caller?.sub }) }],
    };
  });
  server.registerTool(
    'create-order',
    { description: 'Order a product', inputSchema: { product: z.string() } },
    ({ product }, extra) => ({
      content: [{ type: 'text', text: JSON.stringify({ ordered: product, by: extra.authInfo?.clientId }) }],
    }),
  );
  server.registerTool(
    'list-projects',
    { description: "List an organization's projects", inputSchema: { organizationId: z.string() } },
    ({ organizationId }) => ({
      content: [{ type: 'text', text: JSON.stringify({ organizationId, projects: ['apollo'] }) }],
    }),
  );
  return server;
}

/**
 * The Express app: `POST /mcp` and `/.well-known/oauth-protected-resource`. The guard's
 * `resourceMetadata` option is the URL of that document, put in every challenge.
 */
export function createMcpApp(guard: Guard): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(serveResourceMetadata(guard, { resourceName: 'logto-guard MCP example' }));
  const bearer = requireBearerAuth({
    verifier: createTokenVerifier(guard),
    resourceMetadataUrl: guard.options.resourceMetadata,
  });
  app.post('/mcp', bearer, express.json(), requireToolScopes(guard, toolPolicies), async (req, res) => {
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless: no server-to-client stream and no session to delete.
  app.all('/mcp', (_req, res) => {
    res.status(405).set('allow', 'POST').json({ error: 'Method not allowed' });
  });
  return app;
}
