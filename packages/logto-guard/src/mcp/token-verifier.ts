/**
 * The verifier of `@modelcontextprotocol/sdk`'s `requireBearerAuth`, backed by a guard.
 *
 * @module
 */

import {
  InsufficientScopeError,
  InvalidTokenError,
  ServerError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo as McpAuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { checkGuard, checkObject, fail } from '../core/adapter-kit.js';
import {
  type AuthInfo,
  type Guard,
  type LogtoAccessTokenClaims,
  LogtoGuardError,
  ORGANIZATION_AUDIENCE_PREFIX,
} from '../core/index.js';

/** What logto-guard puts in `extra` of the SDK's `AuthInfo` (`extra.authInfo` in tool handlers). */
// A type alias, not an interface, so that the SDK's `Record<string, unknown>` can be cast to it.
export type McpAuthExtra = {
  /** User id; for machine-to-machine tokens, the application id. */
  sub: string;
  /** `organization_id` of an organization-level API token, else null. */
  organizationId: string | null;
  /** `aud` as a list. */
  audience: string[];
  /** Every verified claim. */
  claims: Readonly<LogtoAccessTokenClaims>;
};

/** Options of {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  /**
   * Also accept organization tokens (`aud` `urn:logto:organization:<id>`), for tools protected with
   * `organizationPermissions`; their organization is checked per tool by `requireToolScopes`. Default false:
   * only tokens for the guard's `audience` (global or organization-level API resource).
   */
  organizationTokens?: boolean;
}

/** The SDK's `AuthInfo` of a verified caller: `resource` is the guard audience the token is for. */
function toMcpAuthInfo(auth: AuthInfo, token: string, audiences: readonly string[]): McpAuthInfo {
  const resource = audiences.find((audience) => auth.audience.includes(audience));
  const extra: McpAuthExtra = {
    sub: auth.sub,
    organizationId: auth.organizationId,
    audience: [...auth.audience],
    claims: auth.claims,
  };
  return {
    token,
    clientId: auth.clientId,
    scopes: [...auth.scopes],
    expiresAt: auth.claims.exp,
    ...(resource === undefined ? {} : { resource: new URL(resource) }),
    extra,
  };
}

/**
 * An `OAuthTokenVerifier` for the MCP SDK's `requireBearerAuth`: verifies the token with the guard
 * (signature, `typ`, issuer, expiry) and requires it to be for the guard's `audience` (or an organization
 * token with `organizationTokens`). The SDK answers an invalid token 401 `invalid_token` and a token for
 * another audience 403 `insufficient_scope`.
 *
 * Does NOT check scopes: give `requiredScopes` to `requireBearerAuth`, or policies per tool to
 * `requireToolScopes`. When Logto's keys cannot be loaded it throws the SDK's `ServerError`, which the SDK
 * answers 500 (it has no 503).
 *
 * @example
 * ```ts
 * app.post('/mcp', requireBearerAuth({ verifier: createTokenVerifier(guard),
 *   resourceMetadataUrl: guard.options.resourceMetadata }), handleMcp)
 * ```
 */
export function createTokenVerifier(guard: Guard, options: TokenVerifierOptions = {}): OAuthTokenVerifier {
  checkGuard(guard);
  checkObject('', options);
  const organizationTokens = options.organizationTokens ?? false;
  if (typeof organizationTokens !== 'boolean') fail('organizationTokens', 'must be a boolean');
  const audiences = guard.options.audiences;
  const accepted = (audience: string) =>
    audiences.includes(audience) || (organizationTokens && audience.startsWith(ORGANIZATION_AUDIENCE_PREFIX));

  return {
    async verifyAccessToken(token: string): Promise<McpAuthInfo> {
      let auth: AuthInfo;
      try {
        auth = await guard.verify(token);
      } catch (error) {
        if (!(error instanceof LogtoGuardError)) throw error;
        // The renderer's body is a fixed message, safe to send and free of the token.
        const message = guard.render(error).body.error;
        throw error.kind === 'unavailable' ? new ServerError(message) : new InvalidTokenError(message);
      }
      if (!auth.audience.some(accepted)) throw new InsufficientScopeError('Token audience is not this API');
      return toMcpAuthInfo(auth, token, audiences);
    },
  };
}
