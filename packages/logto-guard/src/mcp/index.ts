/**
 * `logto-guard/mcp`: protect an MCP server (Streamable HTTP, `@modelcontextprotocol/sdk`) with Logto
 * tokens: a verifier for the SDK's `requireBearerAuth` and policies per tool. The RFC 9728 metadata MCP
 * clients discover the authorization server with is `serveResourceMetadata` of `logto-guard/express`.
 *
 * @module
 */
export {
  createTokenVerifier,
  type McpAuthExtra,
  type TokenVerifierOptions,
} from './token-verifier.js';
export { requireToolScopes, type ToolCall, type ToolPolicies } from './tool-scopes.js';
