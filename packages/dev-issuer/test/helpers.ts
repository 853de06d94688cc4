import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { expect } from 'vitest';

import {
  DEFAULT_APPLICATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  TokenRequestError,
} from '../src/index.js';

/** A default-world application: its id and secret. */
export type App = (typeof DEFAULT_APPLICATIONS)[keyof typeof DEFAULT_APPLICATIONS];

export const { fullAccess, readOnly, globexMember } = DEFAULT_APPLICATIONS;

/** Requests a token for `app` from the issuer's real token endpoint. */
export function tokenFor(
  issuer: DevIssuer,
  app: App | { id: string; secret: string },
  request: { resource?: string; scope?: string; organizationId?: string; authMethod?: 'basic' | 'post' } = {},
) {
  return requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: app.id,
    clientSecret: app.secret,
    ...request,
  });
}

/** The request's rejection, asserted to be a TokenRequestError. */
export async function rejectionOf(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TokenRequestError);
  return error as TokenRequestError;
}

/**
 * Verifies a token against the issuer's served JWKS the way a Logto-aware resource server does:
 * pinned algorithms, `typ: at+jwt`, issuer and audience.
 */
export async function verifyAccessToken(
  issuer: DevIssuer,
  token: string,
  audience: string,
  algorithms: string[] = ['ES384'],
): Promise<{ payload: JWTPayload; header: Record<string, unknown> }> {
  const jwks = createRemoteJWKSet(new URL(issuer.jwksUri), { cooldownDuration: 0 });
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: issuer.issuer,
    audience,
    algorithms,
    typ: 'at+jwt',
  });
  return { payload, header: protectedHeader as Record<string, unknown> };
}

/** Decodes without verifying (for shape assertions on tokens verified elsewhere). */
export const decode = (token: string) => ({
  header: decodeProtectedHeader(token),
  payload: decodeJwt(token),
});
