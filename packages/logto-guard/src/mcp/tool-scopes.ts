/**
 * Per-tool policies of an MCP server on Streamable HTTP: each `tools/call` is checked before the SDK's
 * transport runs it, so a missing scope is an HTTP 403 `insufficient_scope` as the MCP authorization
 * spec asks, not a tool error.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  checkGuard,
  checkObject,
  checkPolicy,
  fail,
  nodeAuthorization,
  notePolicy,
} from '../core/adapter-kit.js';
import type { Guard, Policy } from '../core/index.js';

/** What a tool's policy functions (`organizationId`, `checkClaims`) receive: the call being made. */
export interface ToolCall {
  /** The tool's name. */
  name: string;
  /** The call's arguments; also the route parameters of the policy (`organizationId` by default). */
  arguments: Readonly<Record<string, unknown>>;
}

/** The policy of each protected tool, by tool name. Tools not listed are left to the endpoint's check. */
export type ToolPolicies = Readonly<Record<string, Policy<ToolCall>>>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `tools/call` requests of a JSON-RPC message or batch, with their tool name and arguments. */
function toolCalls(body: unknown): ToolCall[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((message) => {
    if (!isObject(message) || message.method !== 'tools/call' || !isObject(message.params)) return [];
    const { name, arguments: args } = message.params;
    return typeof name === 'string' ? [{ name, arguments: isObject(args) ? args : {} }] : [];
  });
}

/**
 * Express middleware (after `express.json()`, before the SDK's `StreamableHTTPServerTransport`) that
 * applies each called tool's policy: the three models work as on routes, the tool's arguments standing
 * for route parameters, so `organizationApi({ scopes: ['read:projects'] })` reads the organization
 * from the `organizationId` argument. A failure is answered like every route of the guard: 401, or 403
 * `insufficient_scope` with `scope="..."`, with `resource_metadata` when the guard has that option.
 *
 * Does NOT hide tools from `tools/list`, and does NOT check requests other than `tools/call`.
 *
 * @example
 * ```ts
 * app.post('/mcp', express.json(), requireToolScopes(guard, {
 *   'list-products': globalApi({ scopes: ['read:products'] }),
 *   'list-projects': organizationApi({ scopes: ['read:projects'] }),
 * }), handleMcp)
 * ```
 */
export function requireToolScopes(guard: Guard, tools: ToolPolicies): RequestHandler {
  checkGuard(guard);
  checkObject('tools', tools);
  const policies = new Map<string, Policy<ToolCall>>();
  for (const [name, policy] of Object.entries(tools)) {
    if (name === '') fail('tools', 'must not contain an empty tool name');
    policies.set(name, checkPolicy(policy, `tools.${name}`));
    notePolicy(guard, policy);
  }

  return function logtoGuardToolScopes(req: Request, res: Response, next: NextFunction) {
    const calls = toolCalls(req.body).filter((call) => policies.has(call.name));
    const check = async () => {
      for (const call of calls) {
        const policy = policies.get(call.name) as Policy<ToolCall>;
        // Tool arguments are the client's: one missing is a request naming no organization (403), not a
        // route without the parameter (the guard's 500 organization_id_unavailable), so the name is present.
        const parameter =
          policy.model !== 'global-api' && typeof policy.organizationId === 'string'
            ? policy.organizationId
            : undefined;
        const params =
          parameter === undefined
            ? call.arguments
            : { ...call.arguments, [parameter]: call.arguments?.[parameter] };
        const input = { authorization: nodeAuthorization(req), params, request: call };
        const outcome = await guard.check(input, policy);
        if (!outcome.ok) {
          res.status(outcome.response.status).set(outcome.response.headers).json(outcome.response.body);
          return;
        }
      }
      next();
    };
    check().catch(next);
  };
}
