import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';
import { createGuard, globalApi, organizationApi } from 'logto-guard';
import { serveResourceMetadata } from 'logto-guard/express';
import { createTokenVerifier, type McpAuthExtra, requireToolScopes } from 'logto-guard/mcp';
import { z } from 'zod';

// The resource indicator is the MCP server's URL: MCP clients check that the metadata's `resource` is it.
const guard = createGuard({
  endpoint: 'https://your-tenant.logto.app',
  audience: 'https://mcp.example.com/mcp',
  resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
});

function createServer() {
  const server = new McpServer({ name: 'shop', version: '1.0.0' });
  server.registerTool('list-products', { description: 'List the products' }, (extra) => {
    const caller = extra.authInfo?.extra as McpAuthExtra | undefined; // sub, organizationId, audience, claims
    return { content: [{ type: 'text', text: `products for ${caller?.sub}` }] };
  });
  server.registerTool(
    'list-projects',
    { description: "An organization's projects", inputSchema: { organizationId: z.string() } },
    ({ organizationId }) => ({ content: [{ type: 'text', text: `projects of ${organizationId}` }] }),
  );
  return server;
}

const app = express();
app.use(serveResourceMetadata(guard)); // both /.well-known/oauth-protected-resource and .../mcp
app.post(
  '/mcp',
  // 401 with resource_metadata for a missing or invalid token (the SDK's answer).
  requireBearerAuth({
    verifier: createTokenVerifier(guard),
    resourceMetadataUrl: guard.options.resourceMetadata,
  }),
  express.json(),
  // 403 insufficient_scope for a tool call the token may not make; arguments stand for route parameters.
  requireToolScopes(guard, {
    'list-products': globalApi({ scopes: ['read:products'] }),
    'list-projects': organizationApi({ scopes: ['read:projects'] }),
  }),
  async (req, res) => {
    const server = createServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  },
);
app.listen(3000);
