import type { WorldConfig } from './config.js';

/**
 * The API resource indicator of the default world (the demo API).
 *
 * @example
 * ```ts
 * await requestClientCredentialsToken({ tokenEndpoint, clientId, clientSecret, resource: DEFAULT_API_RESOURCE });
 * ```
 */
export const DEFAULT_API_RESOURCE = 'https://api.example.com';

/**
 * The permissions of the default world's API resource.
 *
 * @example
 * ```ts
 * const scope = DEFAULT_API_PERMISSIONS.join(' ');
 * ```
 */
export const DEFAULT_API_PERMISSIONS = [
  'api:read',
  'api:write',
  'read:products',
  'write:orders',
  'read:projects',
  'write:projects',
] as const;

/**
 * The organization permissions of the default world's organization template.
 *
 * @example
 * ```ts
 * const scope = DEFAULT_ORGANIZATION_PERMISSIONS.join(' '); // 'read:members invite:member'
 * ```
 */
export const DEFAULT_ORGANIZATION_PERMISSIONS = ['read:members', 'invite:member'] as const;

/**
 * The organization ids of the default world.
 *
 * @example
 * ```ts
 * const organizationId = DEFAULT_ORGANIZATIONS.acme; // 'org-acme'
 * ```
 */
export const DEFAULT_ORGANIZATIONS = { acme: 'org-acme', globex: 'org-globex' } as const;

/**
 * The machine-to-machine applications of the default world (stable ids and secrets, for local
 * development only):
 *
 * - `fullAccess`: global role `api-full-access` (all six API permissions); member of `org-acme`
 *   with organization role `admin` (`read:members invite:member`, API `read:projects`).
 * - `readOnly`: global role `api-read-only` (`api:read read:products`); no organization.
 * - `globexMember`: no global role; member of `org-globex` with organization role `member`
 *   (`read:members`, API `read:projects`).
 *
 * @example
 * ```ts
 * const { id, secret } = DEFAULT_APPLICATIONS.readOnly;
 * await requestClientCredentialsToken({ tokenEndpoint, clientId: id, clientSecret: secret, resource, scope: 'api:read' });
 * ```
 */
export const DEFAULT_APPLICATIONS = {
  fullAccess: { id: 'm2m-full-access', secret: 'm2m-full-access-secret' },
  readOnly: { id: 'm2m-read-only', secret: 'm2m-read-only-secret' },
  globexMember: { id: 'm2m-globex-member', secret: 'm2m-globex-member-secret' },
} as const;

/**
 * The users of the default world (stable ids, usernames and passwords, for local development only):
 *
 * - `admin`: global role `api-full-access`; `admin` of `org-acme` and of `org-globex`.
 * - `reader`: global role `api-read-only`; no organization.
 * - `member`: no global role; `member` of `org-acme` only (not of `org-globex`).
 *
 * @example
 * ```ts
 * const { username, password } = DEFAULT_USERS.admin; // 'admin', 'admin-password'
 * ```
 */
export const DEFAULT_USERS = {
  admin: { id: 'user-admin', username: 'admin', password: 'admin-password' },
  reader: { id: 'user-reader', username: 'reader', password: 'reader-password' },
  member: { id: 'user-member', username: 'member', password: 'member-password' },
} as const;

/**
 * The applications people sign in to in the default world: a single-page app (public client,
 * authorization code + PKCE, the playground's) and a traditional web app (confidential client).
 *
 * @example
 * ```ts
 * const clientId = DEFAULT_USER_APPLICATIONS.spa.id; // 'playground-spa'
 * ```
 */
export const DEFAULT_USER_APPLICATIONS = {
  spa: { id: 'playground-spa' },
  traditional: { id: 'traditional-web', secret: 'traditional-web-secret' },
} as const;

/**
 * Origins whose redirect URIs the default world's user applications accept: the demo API's
 * (`npm start` listens on port 3000).
 *
 * @example
 * ```ts
 * createDefaultWorld({ appOrigins: [...DEFAULT_APP_ORIGINS, 'http://localhost:5173'] });
 * ```
 */
export const DEFAULT_APP_ORIGINS = ['http://127.0.0.1:3000', 'http://localhost:3000'] as const;

/**
 * Options of {@link createDefaultWorld}.
 *
 * @example
 * ```ts
 * const options: DefaultWorldOptions = { apiResource: 'http://localhost:3000/api' };
 * ```
 */
export interface DefaultWorldOptions {
  /** Indicator of the demo API resource. Defaults to {@link DEFAULT_API_RESOURCE}. */
  apiResource?: string;
  /**
   * Origins of the apps people sign in to. The single-page app accepts
   * `<origin>/playground/callback` (after sign-out `<origin>/playground`); the traditional web app
   * `<origin>/callback` (after sign-out `<origin>/`). Default {@link DEFAULT_APP_ORIGINS}.
   */
  appOrigins?: readonly string[];
}

/**
 * Builds the default world (see {@link DEFAULT_APPLICATIONS} for what each application gets),
 * optionally with another indicator for the demo API.
 *
 * @example
 * ```ts
 * const issuer = await startDevIssuer({
 *   port: 0,
 *   world: createDefaultWorld({ apiResource: 'http://localhost:3000/api' }),
 * });
 * ```
 */
export function createDefaultWorld(options: DefaultWorldOptions = {}): WorldConfig {
  const resource = options.apiResource ?? DEFAULT_API_RESOURCE;
  const origins = (options.appOrigins ?? DEFAULT_APP_ORIGINS).map((origin) => origin.replace(/\/+$/, ''));
  const { acme, globex } = DEFAULT_ORGANIZATIONS;
  return {
    resources: [{ indicator: resource, name: 'Demo API', permissions: [...DEFAULT_API_PERMISSIONS] }],
    roles: [
      {
        name: 'api-full-access',
        description: 'Every permission of the demo API',
        permissions: [{ resource, scopes: [...DEFAULT_API_PERMISSIONS] }],
      },
      {
        name: 'api-read-only',
        description: 'Read the demo API and its products',
        permissions: [{ resource, scopes: ['api:read', 'read:products'] }],
      },
    ],
    organizationPermissions: [...DEFAULT_ORGANIZATION_PERMISSIONS],
    organizationRoles: [
      {
        name: 'admin',
        description: 'Manage members; read the organization projects',
        permissions: ['read:members', 'invite:member'],
        apiPermissions: [{ resource, scopes: ['read:projects'] }],
      },
      {
        name: 'member',
        description: 'See members; read the organization projects',
        permissions: ['read:members'],
        apiPermissions: [{ resource, scopes: ['read:projects'] }],
      },
    ],
    organizations: [
      { id: DEFAULT_ORGANIZATIONS.acme, name: 'Acme Corporation' },
      { id: DEFAULT_ORGANIZATIONS.globex, name: 'Globex Corporation' },
    ],
    applications: [
      {
        ...DEFAULT_APPLICATIONS.fullAccess,
        name: 'Full access M2M app',
        roles: ['api-full-access'],
        organizations: [{ id: DEFAULT_ORGANIZATIONS.acme, roles: ['admin'] }],
      },
      { ...DEFAULT_APPLICATIONS.readOnly, name: 'Read-only M2M app', roles: ['api-read-only'] },
      {
        ...DEFAULT_APPLICATIONS.globexMember,
        name: 'Globex member M2M app',
        organizations: [{ id: DEFAULT_ORGANIZATIONS.globex, roles: ['member'] }],
      },
    ],
    userApplications: [
      {
        ...DEFAULT_USER_APPLICATIONS.spa,
        type: 'spa',
        name: 'Playground (single-page app)',
        redirectUris: origins.map((origin) => `${origin}/playground/callback`),
        postLogoutRedirectUris: origins.map((origin) => `${origin}/playground`),
      },
      {
        ...DEFAULT_USER_APPLICATIONS.traditional,
        type: 'traditional',
        name: 'Traditional web app',
        redirectUris: origins.map((origin) => `${origin}/callback`),
        postLogoutRedirectUris: origins.map((origin) => `${origin}/`),
      },
    ],
    users: [
      {
        ...DEFAULT_USERS.admin,
        name: 'Ada Admin',
        email: 'admin@example.com',
        roles: ['api-full-access'],
        organizations: [
          { id: acme, roles: ['admin'] },
          { id: globex, roles: ['admin'] },
        ],
      },
      { ...DEFAULT_USERS.reader, name: 'Rita Reader', email: 'reader@example.com', roles: ['api-read-only'] },
      {
        ...DEFAULT_USERS.member,
        name: 'Max Member',
        email: 'member@example.com',
        organizations: [{ id: acme, roles: ['member'] }],
      },
    ],
  };
}

/**
 * The default world with the demo API at {@link DEFAULT_API_RESOURCE}; what `startDevIssuer()`
 * serves when no world is given.
 *
 * @example
 * ```ts
 * const issuer = await startDevIssuer({ port: 0, world: defaultWorld });
 * ```
 */
export const defaultWorld: WorldConfig = createDefaultWorld();
