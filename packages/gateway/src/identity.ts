/**
 * The identity headers the backend receives, and the list of names a client must never set itself.
 *
 * @module
 */
import type { AuthInfo } from 'logto-guard';

import { DEFAULT_CLAIMS_HEADER, type IdentityHeaderNames } from './config/types.js';

/** Lower-case names of every identity header, removed from what the client sent. */
export function identityHeaderNames(names: IdentityHeaderNames): string[] {
  const claims = typeof names.claims === 'string' ? names.claims : DEFAULT_CLAIMS_HEADER;
  return [names.subject, names.clientId, names.organizationId, names.scopes, names.audience, claims].map(
    (name) => name.toLowerCase(),
  );
}

/**
 * The headers describing `auth`: subject, client id, organization id (absent when the token has none),
 * scopes and audience space-separated, and the verified claims as base64url JSON when enabled.
 */
export function identityHeaders(auth: AuthInfo, names: IdentityHeaderNames): Record<string, string> {
  const headers: Record<string, string> = {
    [names.subject]: auth.sub,
    [names.clientId]: auth.clientId,
    [names.scopes]: auth.scopes.join(' '),
    [names.audience]: auth.audience.join(' '),
  };
  if (auth.organizationId !== null) headers[names.organizationId] = auth.organizationId;
  if (names.claims !== false) {
    const name = names.claims === true ? DEFAULT_CLAIMS_HEADER : names.claims;
    headers[name] = Buffer.from(JSON.stringify(auth.claims)).toString('base64url');
  }
  return headers;
}
