import { Checker, describe, join } from './config-checker.js';
import { DevIssuerConfigError } from './errors.js';
import type { ApiPermissionGrant, World } from './world-config.js';

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

function checkResourceIndicator(check: Checker, value: unknown, path: string): string | undefined {
  const indicator = check.string(value, path, true);
  if (indicator === undefined) return undefined;
  const url = URL.canParse(indicator) ? new URL(indicator) : undefined;
  if (url === undefined || indicator.includes('#')) {
    check.report(path, `must be an absolute URI without fragment: ${JSON.stringify(indicator)}`);
    return undefined;
  }
  return indicator;
}

function checkGrants(
  check: Checker,
  value: unknown,
  path: string,
  permissionsByResource: ReadonlyMap<string, ReadonlySet<string>>,
): ApiPermissionGrant[] {
  const known = new Set(permissionsByResource.keys());
  return check.array(value, path, false).flatMap((item, i) => {
    const at = join(path, i);
    const grant = check.object(item, at, ['resource', 'scopes', 'scope']);
    if (grant === undefined) return [];
    const resource = check.string(grant.resource, join(at, 'resource'), true);
    const isKnown = check.known(known, resource, join(at, 'resource'), 'API resource');
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
  const root = check.object(input, '$', [
    'resources',
    'roles',
    'organizationPermissions',
    'organizationRoles',
    'organizations',
    'applications',
  ]);
  if (root === undefined) throw new DevIssuerConfigError(options.source, check.issues);

  const permissionsByResource = new Map<string, ReadonlySet<string>>();
  const indicators = new Set<string>();
  let defaultResource: string | undefined;
  const resources = check.array(root.resources, 'resources', true).flatMap((item, i) => {
    const at = join('resources', i);
    const fields = check.object(item, at, ['indicator', 'name', 'permissions', 'accessTokenTtl', 'default']);
    if (fields === undefined) return [];
    const indicator = checkResourceIndicator(check, fields.indicator, join(at, 'indicator'));
    check.unique(indicators, indicator, join(at, 'indicator'), 'API resource');
    const name = check.string(fields.name, join(at, 'name'), false);
    const seen = new Set<string>();
    const permissions = check.array(fields.permissions, join(at, 'permissions'), true).flatMap((p, j) => {
      const permission = check.token(p, join(join(at, 'permissions'), j));
      check.unique(seen, permission, join(join(at, 'permissions'), j), 'permission');
      return permission === undefined ? [] : [permission];
    });
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
    permissionsByResource.set(indicator, new Set(permissions));
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

  const roleNames = new Set<string>();
  const roles = check.array(root.roles, 'roles', false).flatMap((item, i) => {
    const at = join('roles', i);
    const fields = check.object(item, at, ['name', 'description', 'permissions']);
    if (fields === undefined) return [];
    const name = check.token(fields.name, join(at, 'name'));
    check.unique(roleNames, name, join(at, 'name'), 'role');
    const description = check.string(fields.description, join(at, 'description'), false);
    const permissions = checkGrants(
      check,
      fields.permissions,
      join(at, 'permissions'),
      permissionsByResource,
    );
    return name === undefined ? [] : [{ name, ...(description ? { description } : {}), permissions }];
  });

  const orgPermissionSet = new Set<string>();
  const organizationPermissions = check
    .array(root.organizationPermissions, 'organizationPermissions', false)
    .flatMap((p, i) => {
      const permission = check.token(p, join('organizationPermissions', i));
      check.unique(
        orgPermissionSet,
        permission,
        join('organizationPermissions', i),
        'organization permission',
      );
      return permission === undefined ? [] : [permission];
    });

  const orgRoleNames = new Set<string>();
  const organizationRoles = check
    .array(root.organizationRoles, 'organizationRoles', false)
    .flatMap((item, i) => {
      const at = join('organizationRoles', i);
      const fields = check.object(item, at, ['name', 'description', 'permissions', 'apiPermissions']);
      if (fields === undefined) return [];
      const name = check.token(fields.name, join(at, 'name'));
      check.unique(orgRoleNames, name, join(at, 'name'), 'organization role');
      const description = check.string(fields.description, join(at, 'description'), false);
      const permissions = check.array(fields.permissions, join(at, 'permissions'), false).flatMap((p, j) => {
        const path = join(join(at, 'permissions'), j);
        const permission = check.token(p, path);
        return check.known(orgPermissionSet, permission, path, 'organization permission')
          ? [permission!]
          : [];
      });
      const apiPermissions = checkGrants(
        check,
        fields.apiPermissions,
        join(at, 'apiPermissions'),
        permissionsByResource,
      );
      if (name === undefined) return [];
      return [
        {
          name,
          ...(description ? { description } : {}),
          permissions: [...new Set(permissions)],
          apiPermissions,
        },
      ];
    });

  const orgIds = new Set<string>();
  const organizations = check.array(root.organizations, 'organizations', false).flatMap((item, i) => {
    const at = join('organizations', i);
    const fields = check.object(item, at, ['id', 'name']);
    if (fields === undefined) return [];
    const id = check.token(fields.id, join(at, 'id'));
    check.unique(orgIds, id, join(at, 'id'), 'organization id');
    const name = check.string(fields.name, join(at, 'name'), false);
    return id === undefined ? [] : [{ id, name: name ?? id }];
  });

  const appIds = new Set<string>();
  const applications = check.array(root.applications, 'applications', true).flatMap((item, i) => {
    const at = join('applications', i);
    const fields = check.object(item, at, ['id', 'secret', 'name', 'roles', 'organizations']);
    if (fields === undefined) return [];
    const id = check.token(fields.id, join(at, 'id'));
    check.unique(appIds, id, join(at, 'id'), 'application id');
    const secret = check.string(fields.secret, join(at, 'secret'), true);
    const name = check.string(fields.name, join(at, 'name'), false);
    const appRoles = check.array(fields.roles, join(at, 'roles'), false).flatMap((r, j) => {
      const path = join(join(at, 'roles'), j);
      const role = check.token(r, path);
      return check.known(roleNames, role, path, 'role') ? [role!] : [];
    });
    const memberOf = new Set<string>();
    const memberships = check
      .array(fields.organizations, join(at, 'organizations'), false)
      .flatMap((m, j) => {
        const mAt = join(join(at, 'organizations'), j);
        const membership = check.object(m, mAt, ['id', 'roles']);
        if (membership === undefined) return [];
        const orgId = check.token(membership.id, join(mAt, 'id'));
        check.unique(memberOf, orgId, join(mAt, 'id'), 'membership of organization');
        const knownOrg = check.known(orgIds, orgId, join(mAt, 'id'), 'organization');
        const mRoles = check.array(membership.roles, join(mAt, 'roles'), false).flatMap((r, k) => {
          const path = join(join(mAt, 'roles'), k);
          const role = check.token(r, path);
          return check.known(orgRoleNames, role, path, 'organization role') ? [role!] : [];
        });
        return knownOrg ? [{ id: orgId!, roles: [...new Set(mRoles)] }] : [];
      });
    if (id === undefined || secret === undefined) return [];
    return [{ id, secret, name: name ?? id, roles: [...new Set(appRoles)], organizations: memberships }];
  });

  if (check.issues.length > 0) throw new DevIssuerConfigError(options.source, check.issues);
  return { resources, roles, organizationPermissions, organizationRoles, organizations, applications };
}
