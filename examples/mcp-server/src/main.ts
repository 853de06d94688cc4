/**
 * Starts the MCP example: `LOGTO_ENDPOINT` and `MCP_RESOURCE` name your Logto tenant and API resource;
 * without `LOGTO_ENDPOINT` a local dev issuer is started whose demo API resource is this server's URL.
 *
 * @module
 */
import { createDefaultWorld, startDevIssuer } from '@logto-guard/dev-issuer';
import { createGuard } from 'logto-guard';
import { createMcpApp } from './app.js';

const port = Number(process.env.PORT ?? 3002);
const resource = process.env.MCP_RESOURCE ?? `http://127.0.0.1:${port}/mcp`;
let endpoint = process.env.LOGTO_ENDPOINT;
if (endpoint === undefined) {
  const issuer = await startDevIssuer({ port: 0, world: createDefaultWorld({ apiResource: resource }) });
  endpoint = issuer.url;
  console.log(`dev issuer: ${issuer.issuer} (token endpoint ${issuer.tokenEndpoint})`);
}
const metadataPath = new URL(resource).pathname.replace(/\/+$/, '');
const guard = createGuard({
  endpoint,
  audience: resource,
  resourceMetadata: `http://127.0.0.1:${port}/.well-known/oauth-protected-resource${metadataPath}`,
});
createMcpApp(guard).listen(port, '127.0.0.1', () => {
  console.log(`MCP server: http://127.0.0.1:${port}/mcp (resource ${resource})`);
});
