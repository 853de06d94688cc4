import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createDefaultWorld,
  DevIssuerConfigError,
  defaultWorld,
  loadWorldFile,
  startDevIssuer,
  validateWorldConfig,
  type WorldConfig,
} from '../../src/index.js';
import { decode, rejectionOf, tokenFor } from '../helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-issuer-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

async function configError(promise: Promise<unknown>): Promise<DevIssuerConfigError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DevIssuerConfigError);
  return error as DevIssuerConfigError;
}

const validJson: WorldConfig = {
  resources: [{ indicator: 'https://files.example.com', permissions: ['files:read', 'files:write'] }],
  roles: [{ name: 'reader', permissions: [{ resource: 'https://files.example.com', scope: 'files:read' }] }],
  applications: [{ id: 'files-app', secret: 'files-secret', roles: ['reader'] }],
};

const validYaml = `
resources:
  - indicator: https://files.example.com
    permissions: [files:read, files:write]
    accessTokenTtl: 600
roles:
  - name: writer
    permissions:
      - resource: https://files.example.com
        scopes: [files:read, files:write]
organizationPermissions: [read:members]
organizationRoles:
  - name: viewer
    permissions: [read:members]
organizations:
  - id: org-1
applications:
  - id: yaml-app
    secret: yaml-secret
    roles: [writer]
    organizations:
      - id: org-1
        roles: [viewer]
`;

describe('valid config files', () => {
  it('serves the world of a JSON file', async () => {
    const file = await write('valid.json', JSON.stringify(validJson));
    const issuer = await startDevIssuer({ port: 0, config: file });
    try {
      const { scope } = await tokenFor(
        issuer,
        { id: 'files-app', secret: 'files-secret' },
        { resource: 'https://files.example.com', scope: 'files:read files:write' },
      );
      expect(scope).toBe('files:read');
    } finally {
      await issuer.close();
    }
  });

  it('serves the world of a YAML file, with its per-resource token lifetime', async () => {
    const file = await write('valid.yaml', validYaml);
    const issuer = await startDevIssuer({ port: 0, config: file });
    try {
      expect(issuer.world.applications[0]).toMatchObject({
        id: 'yaml-app',
        name: 'yaml-app',
        roles: ['writer'],
      });
      const response = await tokenFor(
        issuer,
        { id: 'yaml-app', secret: 'yaml-secret' },
        { resource: 'https://files.example.com', scope: 'files:write' },
      );
      const { payload } = decode(response.access_token);
      expect(payload.exp! - payload.iat!).toBe(600);
      expect(response.expires_in).toBe(600);
      const org = await tokenFor(
        issuer,
        { id: 'yaml-app', secret: 'yaml-secret' },
        { organizationId: 'org-1', scope: 'read:members' },
      );
      expect(org.scope).toBe('read:members');
    } finally {
      await issuer.close();
    }
  });
});

describe('invalid config files', () => {
  it('rejects a JSON file naming the file, the path and an unknown role', async () => {
    const config = {
      ...validJson,
      applications: [
        { id: 'a', secret: 's', roles: ['reader'] },
        { id: 'b', secret: 's', roles: ['writer'] },
      ],
    };
    const file = await write('unknown-role.json', JSON.stringify(config));
    const error = await configError(startDevIssuer({ port: 0, config: file }));
    expect(error.code).toBe('ERR_DEV_ISSUER_CONFIG');
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('applications[1].roles[0]: unknown role "writer" (known: reader)');
    expect(error.issues).toEqual([
      { path: 'applications[1].roles[0]', message: 'unknown role "writer" (known: reader)' },
    ]);
  });

  it('rejects a YAML file naming the file and a duplicate application id', async () => {
    const file = await write('duplicate.yaml', `${validYaml}  - id: yaml-app\n    secret: other\n`);
    const error = await configError(loadWorldFile(file));
    expect(error.message).toContain(file);
    expect(error.message).toContain('applications[1].id: duplicate application id "yaml-app"');
  });

  it('rejects a YAML file with a missing secret and an unknown permission, listing both', async () => {
    const yaml = validYaml
      .replace('    secret: yaml-secret\n', '')
      .replace('scopes: [files:read, files:write]', 'scopes: [files:read, files:delete]');
    const file = await write('several.yml', yaml);
    const error = await configError(loadWorldFile(file));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'roles[0].permissions[0].scopes[1]',
      'applications[0].secret',
    ]);
    expect(error.message).toContain(
      'roles[0].permissions[0].scopes[1]: unknown permission of https://files.example.com "files:delete"',
    );
    expect(error.message).toContain('applications[0].secret: missing required field');
  });

  it('rejects an unknown organization, organization role and organization permission', async () => {
    const yaml = validYaml
      .replace('    permissions: [read:members]\n', '    permissions: [read:members, delete:org]\n')
      .replace('      - id: org-1\n        roles: [viewer]', '      - id: org-2\n        roles: [owner]');
    const file = await write('organizations.yaml', yaml);
    const error = await configError(loadWorldFile(file));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'organizationRoles[0].permissions[1]',
      'applications[0].organizations[0].id',
      'applications[0].organizations[0].roles[0]',
    ]);
  });

  it('rejects a misspelled field as unknown', async () => {
    const file = await write('typo.json', JSON.stringify({ ...validJson, aplications: [] }));
    const error = await configError(loadWorldFile(file));
    expect(error.message).toContain('aplications: unknown field');
  });

  it('rejects a resource indicator that is not an absolute URI', async () => {
    const config = { ...validJson, resources: [{ indicator: 'files', permissions: [] }], roles: [] };
    const error = await configError(Promise.resolve().then(() => validateWorldConfig(config)));
    expect(error.issues[0]).toMatchObject({ path: 'resources[0].indicator' });
  });

  it('rejects a JSON syntax error naming the file', async () => {
    const file = await write('broken.json', '{ "resources": [ }');
    const error = await configError(loadWorldFile(file));
    expect(error.message).toContain(file);
    expect(error.message).toContain('cannot parse file');
  });

  it('rejects a YAML syntax error naming the file', async () => {
    const file = await write('broken.yaml', 'resources:\n  - indicator: [unclosed\n');
    const error = await configError(loadWorldFile(file));
    expect(error.message).toContain(file);
    expect(error.issues[0]!.path).toBe('$');
  });

  it('rejects a missing file naming it', async () => {
    const file = join(dir, 'missing.yaml');
    const error = await configError(startDevIssuer({ port: 0, config: file }));
    expect(error.message).toContain(file);
    expect(error.message).toContain('cannot read file');
  });

  it('rejects a config that is not an object', async () => {
    const file = await write('list.yaml', '- 1\n- 2\n');
    const error = await configError(loadWorldFile(file));
    expect(error.issues).toEqual([{ path: '$', message: 'expected an object, got an array' }]);
  });
});

describe('world objects', () => {
  it('accepts the default world and normalizes it', () => {
    const world = validateWorldConfig(defaultWorld);
    expect(world.applications.map((app) => app.id)).toEqual([
      'm2m-full-access',
      'm2m-read-only',
      'm2m-globex-member',
    ]);
    expect(world.organizations.map((org) => org.id)).toEqual(['org-acme', 'org-globex']);
  });

  it('re-targets the default world at another API indicator', async () => {
    const apiResource = 'http://localhost:4000/api';
    const issuer = await startDevIssuer({ port: 0, world: createDefaultWorld({ apiResource }) });
    try {
      const response = await tokenFor(
        issuer,
        { id: 'm2m-read-only', secret: 'm2m-read-only-secret' },
        { resource: apiResource, scope: 'api:read' },
      );
      expect(decode(response.access_token).payload.aud).toBe(apiResource);
    } finally {
      await issuer.close();
    }
  });

  it('uses a resource marked default when neither resource nor organization_id is sent, like Logto', async () => {
    const world: WorldConfig = {
      ...validJson,
      resources: [{ ...validJson.resources[0]!, default: true }],
    };
    const issuer = await startDevIssuer({ port: 0, world });
    try {
      const response = await tokenFor(
        issuer,
        { id: 'files-app', secret: 'files-secret' },
        { scope: 'files:read' },
      );
      expect(decode(response.access_token).payload).toMatchObject({
        aud: 'https://files.example.com',
        scope: 'files:read',
      });
    } finally {
      await issuer.close();
    }
  });

  it('rejects two default resources', () => {
    const resources = [
      { indicator: 'https://a.example.com', permissions: [], default: true },
      { indicator: 'https://b.example.com', permissions: [], default: true },
    ];
    expect(() => validateWorldConfig({ resources, applications: [] }, { source: 'inline' })).toThrow(
      /Invalid dev issuer config inline:\n {2}- resources\[1\]\.default: only one default API resource allowed/,
    );
  });

  it('still rejects wrong secrets of file-defined apps', async () => {
    const issuer = await startDevIssuer({ port: 0, world: validJson });
    try {
      const error = await rejectionOf(
        tokenFor(issuer, { id: 'files-app', secret: 'nope' }, { resource: 'https://files.example.com' }),
      );
      expect(error.error).toBe('invalid_client');
    } finally {
      await issuer.close();
    }
  });
});
