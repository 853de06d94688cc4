import type { ApiPermissionGrant, World } from './config.js';

type Application = World['applications'][number];

function scopesFor(grants: readonly ApiPermissionGrant[], indicator: string): string[] {
  return grants.filter((grant) => grant.resource === indicator).flatMap((grant) => grant.scopes);
}

/**
 * Looks up a world's applications and what their roles allow, the way Logto's queries do
 * (internal to the package).
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

  /** The application with this client id. */
  application(clientId: string): Application | undefined {
    return this.#world.applications.find((app) => app.id === clientId);
  }

  /** The API resource with this indicator. */
  resource(indicator: string): World['resources'][number] | undefined {
    return this.#world.resources.find((resource) => resource.indicator === indicator);
  }

  /** Logto's "default API", if one is marked `default: true`. */
  defaultResource(): string | undefined {
    return this.#world.resources.find((resource) => resource.default)?.indicator;
  }

  /** Whether the application is a member of the organization. */
  isMember(clientId: string, organizationId: string): boolean {
    return this.#membership(clientId, organizationId) !== undefined;
  }

  /** API permissions of the application's global roles for one API resource. */
  apiScopes(clientId: string, indicator: string): string[] {
    const roleNames = new Set(this.application(clientId)?.roles);
    const roles = this.#world.roles.filter((role) => roleNames.has(role.name));
    return unique(roles.flatMap((role) => scopesFor(role.permissions, indicator)));
  }

  /** Organization permissions of the application's organization roles in one organization. */
  organizationScopes(clientId: string, organizationId: string): string[] {
    return unique(this.#organizationRoles(clientId, organizationId).flatMap((role) => role.permissions));
  }

  /** API permissions of the application's organization roles in one organization. */
  organizationApiScopes(clientId: string, organizationId: string, indicator: string): string[] {
    const roles = this.#organizationRoles(clientId, organizationId);
    return unique(roles.flatMap((role) => scopesFor(role.apiPermissions, indicator)));
  }

  #membership(clientId: string, organizationId: string) {
    return this.application(clientId)?.organizations.find((org) => org.id === organizationId);
  }

  #organizationRoles(clientId: string, organizationId: string) {
    const roleNames = new Set(this.#membership(clientId, organizationId)?.roles);
    return this.#world.organizationRoles.filter((role) => roleNames.has(role.name));
  }
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];
