/**
 * `validateWorldConfig`: checks a world config section by section, in the order the sections refer
 * to each other (resources → roles → organization permissions → organization roles → organizations
 * → applications → user applications → users). Each section has one function; what a section declares is recorded in
 * {@link Declared} for the sections after it. A new section (e.g. users) gets its own function here
 * and one line in {@link validateWorldConfig}.
 *
 * @module
 */
import { DevIssuerConfigError } from '../errors.js';
import { Checker, describe, join } from './checker.js';
import type { ApiPermissionGrant, World } from './config.js';

/**
 * Options of {@link validateWorldConfig}.
 *
 * @example
 * ```ts
 * const options: ValidateWorldOptions = { source: '/path/to/world.yaml' };
 * ```
 */
export interface ValidateWorldOptions {
  /** Where the config came from (a file path); named in the error message. */
  source?: string;
}

/** The top-level sections of a world file. */
const SECTIONS = [
  'resources',
  'roles',
  'organizationPermissions',
  'organizationRoles',
  'organizations',
  'applications',
  'userApplications',
  'users',
] as const;

/** Names declared by the sections checked so far, for the references of the next ones. */
interface Declared {
  /** Each API resource indicator with its permissions. */
  readonly permissionsByResource: Map<string, ReadonlySet<string>>;
  readonly roles: Set<string>;
  readonly organizationPermissions: Set<string>;
  readonly organizationRoles: Set<string>;
  readonly organizations: Set<string>;
  /** Client ids of every application (machine-to-machine and user-facing share one namespace). */
  readonly clients: Set<string>;
}

/** `permissions` of a role, `apiPermissions` of an organization role: grants of declared API permissions. */
function validateGrants(
  check: Checker,
  value: unknown,
  path: string,
  declared: Declared,
): ApiPermissionGrant[] {
  const { permissionsByResource } = declared;
  const resources = new Set(permissionsByResource.keys());
  return check.array(value, path, false).flatMap((item, i) => {
    const at = join(path, i);
    const grant = check.object(item, at, ['resource', 'scopes', 'scope']);
    if (grant === undefined) return [];
    const resource = check.string(grant.resource, join(at, 'resource'), true);
    const isKnown = check.known(resources, resource, join(at, 'resource'), 'API resource');
    const scopes = check.array(grant.scopes, join(at, 'scopes'), false).map((scope, j) => ({
      scope,
      path: join(join(at, 'scopes'), j),
    }));
    if (grant.scope !== undefined) scopes.push({ scope: grant.scope, path: join(at, 'scope') });
    if (grant.scope === undefined && grant.scopes === undefined) {
      check.report(at, 'missing required field "scopes" (or "scope")');
    }
    const checked = scopes.flatMap(({ scope, path: scopePath }) => {
      const name = check.token(scope, scopePath);
      if (name === undefined || resource === undefined || !isKnown) return [];
      const permissions = permissionsByResource.get(resource) ?? new Set<string>();
      return check.known(permissions, name, scopePath, `permission of ${resource}`) ? [name] : [];
    });
    return resource === undefined ? [] : [{ resource, scopes: [...new Set(checked)] }];
  });
}

/** `resources`: API resources; declares their indicators and permissions. */
function validateResources(check: Checker, value: unknown, declared: Declared): World['resources'] {
  let defaultResource: string | undefined;
  return check.array(value, 'resources', true).flatMap((item, i) => {
    const at = join('resources', i);
    const fields = check.object(item, at, ['indicator', 'name', 'permissions', 'accessTokenTtl', 'default']);
    if (fields === undefined) return [];
    const indicator = check.indicator(fields.indicator, join(at, 'indicator'));
    if (indicator !== undefined && declared.permissionsByResource.has(indicator)) {
      check.report(join(at, 'indicator'), `duplicate API resource ${JSON.stringify(indicator)}`);
    }
    const name = check.string(fields.name, join(at, 'name'), false);
    const permissions = check.uniqueTokens(fields.permissions, join(at, 'permissions'), true, 'permission');
    const ttl = fields.accessTokenTtl;
    if (ttl !== undefined && !(Number.isSafeInteger(ttl) && (ttl as number) > 0)) {
      check.report(join(at, 'accessTokenTtl'), `expected a positive integer (seconds), got ${String(ttl)}`);
    }
    if (fields.default !== undefined && typeof fields.default !== 'boolean') {
      check.report(join(at, 'default'), `expected a boolean, got ${describe(fields.default)}`);
    }
    if (fields.default === true && indicator !== undefined) {
      if (defaultResource !== undefined) {
        check.report(
          join(at, 'default'),
          `only one default API resource allowed (already: ${defaultResource})`,
        );
      }
      defaultResource ??= indicator;
    }
    if (indicator === undefined) return [];
    declared.permissionsByResource.set(indicator, new Set(permissions));
    return [
      {
        indicator,
        name: name ?? indicator,
        permissions: [...new Set(permissions)],
        ...(typeof ttl === 'number' && ttl > 0 ? { accessTokenTtl: ttl } : {}),
        default: fields.default === true,
      },
    ];
  });
}

/** `roles`: global machine-to-machine roles granting API permissions; declares their names. */
function validateRoles(check: Checker, value: unknown, declared: Declared): World['roles'] {
  return check.array(value, 'roles', false).flatMap((item, i) => {
    const at = join('roles', i);
    const fields = check.object(item, at, ['name', 'description', 'permissions']);
    if (fields === undefined) return [];
    const name = check.token(fields.name, join(at, 'name'));
    check.unique(declared.roles, name, join(at, 'name'), 'role');
    const description = check.string(fields.description, join(at, 'description'), false);
    const permissions = validateGrants(check, fields.permissions, join(at, 'permissions'), declared);
    return name === undefined ? [] : [{ name, ...(description ? { description } : {}), permissions }];
  });
}

/** `organizationPermissions`: the organization template's permissions; declares them. */
function validateOrganizationPermissions(
  check: Checker,
  value: unknown,
  declared: Declared,
): World['organizationPermissions'] {
  const permissions = check.uniqueTokens(value, 'organizationPermissions', false, 'organization permission');
  for (const permission of permissions) declared.organizationPermissions.add(permission);
  return permissions;
}

/** `organizationRoles`: the organization template's roles; declares their names. */
function validateOrganizationRoles(
  check: Checker,
  value: unknown,
  declared: Declared,
): World['organizationRoles'] {
  return check.array(value, 'organizationRoles', false).flatMap((item, i) => {
    const at = join('organizationRoles', i);
    const fields = check.object(item, at, ['name', 'description', 'permissions', 'apiPermissions']);
    if (fields === undefined) return [];
    const name = check.token(fields.name, join(at, 'name'));
    check.unique(declared.organizationRoles, name, join(at, 'name'), 'organization role');
    const description = check.string(fields.description, join(at, 'description'), false);
    const permissions = check.references(
      fields.permissions,
      join(at, 'permissions'),
      declared.organizationPermissions,
      'organization permission',
    );
    const apiPermissions = validateGrants(check, fields.apiPermissions, join(at, 'apiPermissions'), declared);
    if (name === undefined) return [];
    return [{ name, ...(description ? { description } : {}), permissions, apiPermissions }];
  });
}

/** `organizations`: declares their ids. */
function validateOrganizations(check: Checker, value: unknown, declared: Declared): World['organizations'] {
  return check.array(value, 'organizations', false).flatMap((item, i) => {
    const at = join('organizations', i);
    const fields = check.object(item, at, ['id', 'name']);
    if (fields === undefined) return [];
    const id = check.token(fields.id, join(at, 'id'));
    check.unique(declared.organizations, id, join(at, 'id'), 'organization id');
    const name = check.string(fields.name, join(at, 'name'), false);
    return id === undefined ? [] : [{ id, name: name ?? id }];
  });
}

/** `applications[i].organizations`, `users[i].organizations`: memberships of declared organizations with declared roles. */
function validateMemberships(
  check: Checker,
  value: unknown,
  path: string,
  declared: Declared,
): World['applications'][number]['organizations'] {
  const memberOf = new Set<string>();
  return check.array(value, path, false).flatMap((item, i) => {
    const at = join(path, i);
    const membership = check.object(item, at, ['id', 'roles']);
    if (membership === undefined) return [];
    const id = check.token(membership.id, join(at, 'id'));
    check.unique(memberOf, id, join(at, 'id'), 'membership of organization');
    const isKnown = check.known(declared.organizations, id, join(at, 'id'), 'organization');
    const roles = check.references(
      membership.roles,
      join(at, 'roles'),
      declared.organizationRoles,
      'organization role',
    );
    return isKnown ? [{ id: id!, roles }] : [];
  });
}

/** `roles` and `organizations` of an application or a user: what it is granted. */
function validateAccess(
  check: Checker,
  fields: Record<string, unknown>,
  at: string,
  declared: Declared,
): { roles: string[]; organizations: ReturnType<typeof validateMemberships> } {
  return {
    roles: check.references(fields.roles, join(at, 'roles'), declared.roles, 'role'),
    organizations: validateMemberships(check, fields.organizations, join(at, 'organizations'), declared),
  };
}

/** `applications`: machine-to-machine applications with their roles and memberships. */
function validateApplications(check: Checker, value: unknown, declared: Declared): World['applications'] {
  return check.array(value, 'applications', true).flatMap((item, i) => {
    const at = join('applications', i);
    const fields = check.object(item, at, ['id', 'secret', 'name', 'roles', 'organizations']);
    if (fields === undefined) return [];
    const id = check.token(fields.id, join(at, 'id'));
    check.unique(declared.clients, id, join(at, 'id'), 'application id');
    const secret = check.string(fields.secret, join(at, 'secret'), true);
    const name = check.string(fields.name, join(at, 'name'), false);
    const { roles, organizations } = validateAccess(check, fields, at, declared);
    if (id === undefined || secret === undefined) return [];
    return [{ id, secret, name: name ?? id, roles, organizations }];
  });
}

/** A list of absolute http(s) URLs without fragment: redirect URIs. */
function validateUrls(check: Checker, value: unknown, path: string, required: boolean): string[] {
  return check.array(value, path, required).flatMap((item, i) => {
    const url = check.string(item, join(path, i), true);
    if (url === undefined) return [];
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.hash !== '') {
      check.report(join(path, i), `must be an absolute http(s) URL without fragment: ${JSON.stringify(url)}`);
      return [];
    }
    return [url];
  });
}

/** `userApplications`: single-page (public) and traditional web (confidential) apps people sign in to. */
function validateUserApplications(
  check: Checker,
  value: unknown,
  declared: Declared,
): World['userApplications'] {
  const allowed = ['id', 'type', 'secret', 'name', 'redirectUris', 'postLogoutRedirectUris'];
  return check.array(value, 'userApplications', false).flatMap((item, i) => {
    const at = join('userApplications', i);
    const fields = check.object(item, at, allowed);
    if (fields === undefined) return [];
    const id = check.token(fields.id, join(at, 'id'));
    check.unique(declared.clients, id, join(at, 'id'), 'application id');
    const type = fields.type;
    if (type !== 'spa' && type !== 'traditional') {
      check.report(join(at, 'type'), `expected "spa" or "traditional", got ${JSON.stringify(type)}`);
    }
    const secret = check.string(fields.secret, join(at, 'secret'), type === 'traditional');
    if (type === 'spa' && fields.secret !== undefined) {
      check.report(join(at, 'secret'), 'a single-page app is a public client: it has no secret');
    }
    const name = check.string(fields.name, join(at, 'name'), false);
    const redirectUris = validateUrls(check, fields.redirectUris, join(at, 'redirectUris'), true);
    const postLogout = validateUrls(
      check,
      fields.postLogoutRedirectUris,
      join(at, 'postLogoutRedirectUris'),
      false,
    );
    if (id === undefined || (type !== 'spa' && type !== 'traditional')) return [];
    return [
      {
        id,
        type,
        ...(type === 'traditional' && secret !== undefined ? { secret } : {}),
        name: name ?? id,
        redirectUris,
        postLogoutRedirectUris: postLogout,
      },
    ];
  });
}

/** `users`: people with a username, a password, global roles and organization memberships. */
function validateUsers(check: Checker, value: unknown, declared: Declared): World['users'] {
  const ids = new Set<string>();
  const usernames = new Set<string>();
  const allowed = ['id', 'username', 'password', 'name', 'email', 'roles', 'organizations'];
  return check.array(value, 'users', false).flatMap((item, i) => {
    const at = join('users', i);
    const fields = check.object(item, at, allowed);
    if (fields === undefined) return [];
    const id = check.token(fields.id, join(at, 'id'));
    check.unique(ids, id, join(at, 'id'), 'user id');
    if (id !== undefined && declared.clients.has(id)) {
      // Logto tells users from machines by `sub` ≠ `client_id`: the two must never collide.
      check.report(join(at, 'id'), `user id ${JSON.stringify(id)} is also an application id`);
    }
    const username = check.token(fields.username, join(at, 'username'));
    check.unique(usernames, username, join(at, 'username'), 'username');
    const password = check.string(fields.password, join(at, 'password'), true);
    const name = check.string(fields.name, join(at, 'name'), false);
    const email = check.string(fields.email, join(at, 'email'), false);
    const { roles, organizations } = validateAccess(check, fields, at, declared);
    if (id === undefined || username === undefined || password === undefined) return [];
    return [
      { id, username, password, name: name ?? username, ...(email ? { email } : {}), roles, organizations },
    ];
  });
}

/**
 * Checks a world config and returns it normalized. Collects every problem before throwing.
 *
 * Rejects: missing required fields, wrong types, unknown fields (typos), duplicate ids/names/
 * permissions, references to undeclared resources, permissions, roles, organization roles or
 * organizations, more than one default API resource.
 *
 * @param input - The config (an object, typically parsed from JSON or YAML).
 * @param options - `source` names the file in error messages.
 * @returns The normalized {@link World}.
 * @throws {@link DevIssuerConfigError} listing each problem as `path: message`.
 *
 * @example
 * ```ts
 * const world = validateWorldConfig(
 *   {
 *     resources: [{ indicator: 'https://api.example.com', permissions: ['api:read'] }],
 *     applications: [{ id: 'app', secret: 's3cret' }],
 *   },
 *   { source: 'inline' },
 * );
 * ```
 */
export function validateWorldConfig(input: unknown, options: ValidateWorldOptions = {}): World {
  const check = new Checker();
  const root = check.object(input, '$', SECTIONS);
  if (root === undefined) throw new DevIssuerConfigError(options.source, check.issues);
  const declared: Declared = {
    permissionsByResource: new Map(),
    roles: new Set(),
    organizationPermissions: new Set(),
    organizationRoles: new Set(),
    organizations: new Set(),
    clients: new Set(),
  };
  const world: World = {
    resources: validateResources(check, root.resources, declared),
    roles: validateRoles(check, root.roles, declared),
    organizationPermissions: validateOrganizationPermissions(check, root.organizationPermissions, declared),
    organizationRoles: validateOrganizationRoles(check, root.organizationRoles, declared),
    organizations: validateOrganizations(check, root.organizations, declared),
    applications: validateApplications(check, root.applications, declared),
    userApplications: validateUserApplications(check, root.userApplications, declared),
    users: validateUsers(check, root.users, declared),
  };
  if (check.issues.length > 0) throw new DevIssuerConfigError(options.source, check.issues);
  return world;
}
