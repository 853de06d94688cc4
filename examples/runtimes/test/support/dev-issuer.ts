/** Access tokens from the dev issuer's token endpoint (client credentials of its default world's apps). */
import {
  DEFAULT_APPLICATIONS as APPS,
  type DevIssuer,
  requestClientCredentialsToken,
} from '@logto-guard/dev-issuer';

export interface TokenRequest {
  resource?: string;
  scope: string;
  organizationId?: string;
}

/** An access token of `app` from `issuer`, for `request`. */
export function devIssuerToken(
  issuer: DevIssuer,
  app: keyof typeof APPS,
  request: TokenRequest,
): Promise<string> {
  return requestClientCredentialsToken({
    tokenEndpoint: issuer.tokenEndpoint,
    clientId: APPS[app].id,
    clientSecret: APPS[app].secret,
    ...request,
  }).then((response) => response.access_token);
}
