/**
 * The "world" the dev issuer serves: API resources, roles, organizations, machine-to-machine
 * applications, users and the applications they sign in to, shaped like the objects you create in
 * the Logto Console.
 *
 * These are the input types (what you write in an object, a JSON or a YAML file). They are checked
 * by {@link validateWorldConfig}, which returns a {@link World}.
 *
 * @module
 */

/**
 * A set of API permissions (Logto "scopes") of one API resource.
 *
 * `scopes` lists several permissions; `scope` is a shorthand for a single one. Both may be given.
 *
 * @example
 * ```ts
 * const grant: ApiPermissionGrantConfig = { resource: 'https://api.example.com', scopes: ['api:read'] };
 * ```
 */
export interface ApiPermissionGrantConfig {
  /** The API resource indicator, which must be declared in {@link WorldConfig.resources}. */
  resource: string;
  /** Permissions of that API resource. */
  scopes?: readonly string[];
  /** A single permission of that API resource. */
  scope?: string;
}

/**
 * An API resource (Logto Console: "API resources").
 *
 * @example
 * ```ts
 * const api: ApiResourceConfig = {
 *   indicator: 'https://api.example.com',
 *   name: 'Example API',
 *   permissions: ['api:read', 'api:write'],
 * };
 * ```
 */
export interface ApiResourceConfig {
  /** The resource indicator: an absolute URI without fragment; becomes the token `aud`. */
  indicator: string;
  /** Display name. Defaults to the indicator. */
  name?: string;
  /** The permissions (scopes) the API defines. */
  permissions: readonly string[];
  /** Access token lifetime for this API in seconds. Defaults to the issuer's `accessTokenTtl`. */
  accessTokenTtl?: number;
  /**
   * Logto's "default API": used when a client_credentials request names neither `resource` nor
   * `organization_id`. At most one resource may be the default.
   */
  default?: boolean;
}

/**
 * A global role of type "machine-to-machine" (Logto Console: "Roles").
 *
 * @example
 * ```ts
 * const role: RoleConfig = {
 *   name: 'reader',
 *   permissions: [{ resource: 'https://api.example.com', scopes: ['api:read'] }],
 * };
 * ```
 */
export interface RoleConfig {
  /** Unique role name; applications refer to roles by name. */
  name: string;
  /** Free text. */
  description?: string;
  /** The API permissions this role grants. */
  permissions?: readonly ApiPermissionGrantConfig[];
}

/**
 * A role of the organization template (Logto Console: "Organization template" → "Organization roles").
 *
 * @example
 * ```ts
 * const role: OrganizationRoleConfig = {
 *   name: 'admin',
 *   permissions: ['read:members', 'invite:member'],
 *   apiPermissions: [{ resource: 'https://api.example.com', scopes: ['read:projects'] }],
 * };
 * ```
 */
export interface OrganizationRoleConfig {
  /** Unique organization role name. */
  name: string;
  /** Free text. */
  description?: string;
  /** Organization permissions (non-API), each declared in {@link WorldConfig.organizationPermissions}. */
  permissions?: readonly string[];
  /** API permissions granted inside an organization (organization-level API resources). */
  apiPermissions?: readonly ApiPermissionGrantConfig[];
}

/**
 * An organization.
 *
 * @example
 * ```ts
 * const org: OrganizationConfig = { id: 'org-acme', name: 'Acme Corp' };
 * ```
 */
export interface OrganizationConfig {
  /** Unique organization id; appears in `organization_id` and in `urn:logto:organization:<id>`. */
  id: string;
  /** Display name. Defaults to the id. */
  name?: string;
}

/**
 * The organizations an application is a member of, with its organization roles there.
 *
 * @example
 * ```ts
 * const membership: ApplicationMembershipConfig = { id: 'org-acme', roles: ['admin'] };
 * ```
 */
export interface ApplicationMembershipConfig {
  /** The organization id. */
  id: string;
  /** Organization role names. */
  roles?: readonly string[];
}

/**
 * A machine-to-machine application (Logto Console: "Applications" → "Machine-to-machine").
 *
 * @example
 * ```ts
 * const app: ApplicationConfig = {
 *   id: 'my-m2m-app',
 *   secret: 'my-m2m-secret',
 *   roles: ['reader'],
 *   organizations: [{ id: 'org-acme', roles: ['admin'] }],
 * };
 * ```
 */
export interface ApplicationConfig {
  /** The client id (`client_id` and `sub` of its tokens). */
  id: string;
  /** The client secret. */
  secret: string;
  /** Display name. Defaults to the id. */
  name?: string;
  /** Global machine-to-machine role names. */
  roles?: readonly string[];
  /** Organization memberships. */
  organizations?: readonly ApplicationMembershipConfig[];
}

/**
 * An application people sign in to (Logto Console: "Applications" → "Single page app" or
 * "Traditional web"). Sign-in uses the authorization code flow; consent is skipped (first-party app).
 *
 * @example
 * ```ts
 * const spa: UserApplicationConfig = {
 *   id: 'my-spa',
 *   type: 'spa',
 *   redirectUris: ['http://localhost:5173/callback'],
 * };
 * ```
 */
export interface UserApplicationConfig {
  /** The client id (`client_id` of its tokens; `aud` of its ID tokens). */
  id: string;
  /** `spa`: public client, PKCE required, no secret. `traditional`: confidential client with a secret. */
  type: 'spa' | 'traditional';
  /** The client secret: required for `traditional`, refused for `spa`. */
  secret?: string;
  /** Display name (shown on the sign-in page). Defaults to the id. */
  name?: string;
  /** Allowed `redirect_uri` values (exact match, as in Logto). */
  redirectUris: readonly string[];
  /** Allowed `post_logout_redirect_uri` values. */
  postLogoutRedirectUris?: readonly string[];
}

/**
 * A user (Logto Console: "User management") who signs in with a username and a password.
 *
 * @example
 * ```ts
 * const user: UserConfig = {
 *   id: 'user-1',
 *   username: 'alice',
 *   password: 'alice-password',
 *   roles: ['reader'],
 *   organizations: [{ id: 'org-1', roles: ['viewer'] }],
 * };
 * ```
 */
export interface UserConfig {
  /** The user id: `sub` of the user's tokens. */
  id: string;
  /** What the user types on the sign-in page (unique). */
  username: string;
  /** The password (plain text: development only). */
  password: string;
  /** Display name (`name` claim of the ID token). */
  name?: string;
  /** Email (`email` claim with the `email` scope). */
  email?: string;
  /** Global role names. */
  roles?: readonly string[];
  /** Organization memberships with organization roles. */
  organizations?: readonly ApplicationMembershipConfig[];
}

/**
 * The whole world: what you pass to `startDevIssuer({ world })` or write in a JSON/YAML file.
 *
 * @example
 * ```ts
 * const world: WorldConfig = {
 *   resources: [{ indicator: 'https://api.example.com', permissions: ['api:read'] }],
 *   roles: [{ name: 'reader', permissions: [{ resource: 'https://api.example.com', scope: 'api:read' }] }],
 *   applications: [{ id: 'app', secret: 'secret', roles: ['reader'] }],
 * };
 * ```
 */
export interface WorldConfig {
  /** API resources. */
  resources: readonly ApiResourceConfig[];
  /** Global machine-to-machine roles. */
  roles?: readonly RoleConfig[];
  /** Organization permissions of the organization template. */
  organizationPermissions?: readonly string[];
  /** Organization roles of the organization template. */
  organizationRoles?: readonly OrganizationRoleConfig[];
  /** Organizations. */
  organizations?: readonly OrganizationConfig[];
  /** Machine-to-machine applications. */
  applications: readonly ApplicationConfig[];
  /** Applications people sign in to (single-page and traditional web apps). */
  userApplications?: readonly UserApplicationConfig[];
  /** Users who sign in with a username and a password. */
  users?: readonly UserConfig[];
}

/**
 * An API permission grant after validation: always a list of scopes.
 *
 * @example
 * ```ts
 * const grant: ApiPermissionGrant = { resource: 'https://api.example.com', scopes: ['api:read'] };
 * ```
 */
export interface ApiPermissionGrant {
  readonly resource: string;
  readonly scopes: readonly string[];
}

/**
 * A validated world: every optional list present, names defaulted, permission grants normalized.
 * Returned by {@link validateWorldConfig} and exposed as `issuer.world`.
 *
 * @example
 * ```ts
 * const world: World = validateWorldConfig(defaultWorld);
 * console.log(world.applications.map((app) => app.id));
 * ```
 */
export interface World {
  readonly resources: readonly {
    readonly indicator: string;
    readonly name: string;
    readonly permissions: readonly string[];
    readonly accessTokenTtl?: number;
    readonly default: boolean;
  }[];
  readonly roles: readonly {
    readonly name: string;
    readonly description?: string;
    readonly permissions: readonly ApiPermissionGrant[];
  }[];
  readonly organizationPermissions: readonly string[];
  readonly organizationRoles: readonly {
    readonly name: string;
    readonly description?: string;
    readonly permissions: readonly string[];
    readonly apiPermissions: readonly ApiPermissionGrant[];
  }[];
  readonly organizations: readonly { readonly id: string; readonly name: string }[];
  readonly applications: readonly {
    readonly id: string;
    readonly secret: string;
    readonly name: string;
    readonly roles: readonly string[];
    readonly organizations: readonly { readonly id: string; readonly roles: readonly string[] }[];
  }[];
  readonly userApplications: readonly {
    readonly id: string;
    readonly type: 'spa' | 'traditional';
    readonly secret?: string;
    readonly name: string;
    readonly redirectUris: readonly string[];
    readonly postLogoutRedirectUris: readonly string[];
  }[];
  readonly users: readonly {
    readonly id: string;
    readonly username: string;
    readonly password: string;
    readonly name: string;
    readonly email?: string;
    readonly roles: readonly string[];
    readonly organizations: readonly { readonly id: string; readonly roles: readonly string[] }[];
  }[];
}
