/**
 * What the playground shows: one entry per demo route (with its permission model and scopes), and the
 * page's configuration. Shared by the server and the browser bundle, so it imports nothing.
 *
 * @module
 */

/** Logto's three permission models, named as `logto-guard inspect --model` names them. */
export type PlaygroundModel = 'global' | 'organization' | 'organization-api';

/** A demo route as the playground calls it. */
export interface PlaygroundRoute {
  readonly id: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly model: PlaygroundModel;
  /** The organization of the path (organization models). */
  readonly organizationId?: string;
  /** What the route requires (as in app.ts). */
  readonly scopes: readonly string[];
  /** JSON body of a POST. */
  readonly body?: unknown;
}

/** Every route of the demo API, two organizations for the organization models. */
export const PLAYGROUND_ROUTES: readonly PlaygroundRoute[] = [
  {
    id: 'protected',
    method: 'GET',
    path: '/api/protected',
    model: 'global',
    scopes: ['api:read', 'api:write'],
  },
  { id: 'products', method: 'GET', path: '/api/products', model: 'global', scopes: ['read:products'] },
  {
    id: 'orders',
    method: 'POST',
    path: '/api/orders',
    model: 'global',
    scopes: ['write:orders'],
    body: { item: 'Widget', qty: 1 },
  },
  ...['org-acme', 'org-globex'].flatMap((organizationId): PlaygroundRoute[] => [
    {
      id: `members-${organizationId}`,
      method: 'GET',
      path: `/api/organizations/${organizationId}/members`,
      model: 'organization',
      organizationId,
      scopes: ['read:members'],
    },
    {
      id: `projects-${organizationId}`,
      method: 'GET',
      path: `/api/organizations/${organizationId}/projects`,
      model: 'organization-api',
      organizationId,
      scopes: ['read:projects'],
    },
  ]),
  {
    id: 'invitations-org-acme',
    method: 'POST',
    path: '/api/organizations/org-acme/invitations',
    model: 'organization',
    organizationId: 'org-acme',
    scopes: ['invite:member'],
    body: { email: 'new@example.com' },
  },
];

/** A seeded identity as the page lists it: never a password or a secret. */
export interface PlaygroundIdentity {
  readonly kind: 'user' | 'machine';
  readonly id: string;
  readonly name: string;
  /** Users: what to type on the sign-in form. */
  readonly username?: string;
}

/** What the server tells the page (embedded as JSON). */
export interface PlaygroundConfig {
  /** The Logto endpoint (the SDK adds `/oidc`). */
  readonly endpoint: string;
  readonly apiResource: string;
  /** The single-page app the page signs in with. */
  readonly appId: string;
  readonly apiPermissions: readonly string[];
  readonly organizationPermissions: readonly string[];
  readonly identities: readonly PlaygroundIdentity[];
  readonly routes: readonly PlaygroundRoute[];
}

/** A token the server fetched for a machine-to-machine app (the secret stays on the server). */
export interface MachineTokenResponse {
  readonly token: string;
  /** How it was obtained, e.g. `client_credentials resource=… organization_id=…`. */
  readonly request: string;
}

/** The route of a catalog id. */
export const routeById = (id: string): PlaygroundRoute | undefined =>
  PLAYGROUND_ROUTES.find((route) => route.id === id);
