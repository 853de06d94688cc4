/**
 * The world's applications as oidc-provider clients.
 *
 * @module
 */
import type { ClientMetadata, Configuration } from 'oidc-provider';

import type { World } from '../world/config.js';

/** A machine-to-machine application: `client_credentials` only. */
function machineClient(app: World['applications'][number]): ClientMetadata {
  return {
    client_id: app.id,
    client_secret: app.secret,
    client_name: app.name,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    // oidc-provider v9 accepts the secret in the Basic header or in the form for either method.
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

/** A single-page (public, PKCE) or traditional web (confidential) application people sign in to. */
function userClient(app: World['userApplications'][number]): ClientMetadata {
  return {
    client_id: app.id,
    client_name: app.name,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [...app.redirectUris],
    post_logout_redirect_uris: [...app.postLogoutRedirectUris],
    ...(app.type === 'spa'
      ? { token_endpoint_auth_method: 'none' }
      : { client_secret: app.secret, token_endpoint_auth_method: 'client_secret_basic' }),
  };
}

/**
 * Every application of the world as an oidc-provider client.
 *
 * @example
 * ```ts
 * new Provider(issuer, { clients: worldClients(world) });
 * ```
 */
export const worldClients = (world: World): ClientMetadata[] => [
  ...world.applications.map(machineClient),
  ...world.userApplications.map(userClient),
];

/**
 * CORS for the token, userinfo and revocation endpoints: a browser app may call them from the
 * origin of one of its redirect URIs (as Logto allows its single-page apps).
 *
 * @example
 * ```ts
 * new Provider(issuer, { clientBasedCORS });
 * ```
 */
export const clientBasedCORS: NonNullable<Configuration['clientBasedCORS']> = (_ctx, origin, client) =>
  origin !== 'null' &&
  (client.redirectUris ?? []).some((uri) => URL.canParse(uri) && new URL(uri).origin === origin);
