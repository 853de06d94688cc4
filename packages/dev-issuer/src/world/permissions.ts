import type { ApiPermissionGrant, World } from './config.js';

type Application = World['applications'][number];
type User = World['users'][number];
type UserApplication = World['userApplications'][number];

function scopesFor(grants: readonly ApiPermissionGrant[], indicator: string): string[] {
  return grants.filter((grant) => grant.resource === indicator).flatMap((grant) => grant.scopes);
}

/**
 * Looks up a world's applications and users and what their roles allow, the way Logto's queries
 * do (internal to the package). A "subject" is a machine-to-machine application or a user: both
 * hold global roles and organization memberships (their ids never collide).
 *
 * @example
 * ```ts
 * const permissions = new WorldPermissions(world);
 * permissions.apiScopes('m2m-read-only', 'https://api.example.com'); // ['api:read', 'read:products']
 * ```
 */
export class WorldPermissions {
  readonly #world: World;

  constructor(world: World) {
    this.#world = world;
  }

  /** The machine-to-machine application with this client id. */
  application(clientId: string): Application | undefined {
    return this.#world.applications.find((app) => app.id === clientId);
  }

  /** The single-page or traditional web application with this client id. */
  userApplication(clientId: string): UserApplication | undefined {
    return this.#world.userApplications.find((app) => app.id === clientId);
  }

  /** The user with this id. */
  user(userId: string): User | undefined {
    return this.#world.users.find((user) => user.id === userId);
  }

  /** The user with this username (what the sign-in form receives). */
  userByUsername(username: string): User | undefined {
    return this.#world.users.find((user) => user.username === username);
  }

  /** The API resource with this indicator. */
  resource(indicator: string): World['resources'][number] | undefined {
    return this.#world.resources.find((resource) => resource.indicator === indicator);
  }

  /** Logto's "default API", if one is marked `default: true`. */
  defaultResource(): string | undefined {
    return this.#world.resources.find((resource) => resource.default)?.indicator;
  }

  /** Whether the application or user is a member of the organization. */
  isMember(subjectId: string, organizationId: string): boolean {
    return this.#membership(subjectId, organizationId) !== undefined;
  }

  /** API permissions of an application's global roles for one API resource. */
  apiScopes(clientId: string, indicator: string): string[] {
    return this.#globalRoleScopes(this.application(clientId)?.roles, indicator);
  }

  /**
   * API permissions of a user for one API resource requested without an organization: the
   * user's global roles **and** the user's organization roles in every organization (Logto's code,
   * integration test and changelog 1.16.0; its docs say only global roles).
   */
  userApiScopes(userId: string, indicator: string): string[] {
    const user = this.user(userId);
    const fromOrganizations = (user?.organizations ?? []).flatMap((membership) =>
      this.#organizationRoles(userId, membership.id).flatMap((role) =>
        scopesFor(role.apiPermissions, indicator),
      ),
    );
    return unique([...this.#globalRoleScopes(user?.roles, indicator), ...fromOrganizations]);
  }

  /** Organization permissions of a subject's organization roles in one organization. */
  organizationScopes(subjectId: string, organizationId: string): string[] {
    return unique(this.#organizationRoles(subjectId, organizationId).flatMap((role) => role.permissions));
  }

  /** Organization permissions a user holds in any organization (what sign-in may grant). */
  userOrganizationScopesAnywhere(userId: string): string[] {
    const memberships = this.user(userId)?.organizations ?? [];
    return unique(memberships.flatMap((membership) => this.organizationScopes(userId, membership.id)));
  }

  /** API permissions of a subject's organization roles in one organization. */
  organizationApiScopes(subjectId: string, organizationId: string, indicator: string): string[] {
    const roles = this.#organizationRoles(subjectId, organizationId);
    return unique(roles.flatMap((role) => scopesFor(role.apiPermissions, indicator)));
  }

  #globalRoleScopes(roleNames: readonly string[] | undefined, indicator: string): string[] {
    const names = new Set(roleNames);
    const roles = this.#world.roles.filter((role) => names.has(role.name));
    return unique(roles.flatMap((role) => scopesFor(role.permissions, indicator)));
  }

  #membership(subjectId: string, organizationId: string) {
    const subject = this.application(subjectId) ?? this.user(subjectId);
    return subject?.organizations.find((org) => org.id === organizationId);
  }

  #organizationRoles(subjectId: string, organizationId: string) {
    const roleNames = new Set(this.#membership(subjectId, organizationId)?.roles);
    return this.#world.organizationRoles.filter((role) => roleNames.has(role.name));
  }
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];
