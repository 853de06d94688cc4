/**
 * The mounts contract: guards on parents (routers, sub-apps, plugin contexts) and on children. Every
 * guard a request passes through applies (a child's guard adds to its parent's, it never replaces it,
 * and a child without a guard of its own stays protected), and a guard on a parameterized mount reads
 * the organization from that mount. An adapter test calls `runMountContract` with a server laid out as
 * {@link MountLayout} says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type Guard } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API, type RunningServer } from './contract.js';

/**
 * What the adapter's server serves, each route answering 200
 * `{ "sub": <auth.sub>, "organizationId": <auth.organizationId or null> }`:
 * - `GET /health`, unprotected;
 * - under `/api`, a parent guarded by `globalApi({ scopes: ['read'] })`, whose child holds
 *   `GET /api/admin/settings` with its own `globalApi({ scopes: ['admin'] })` and `GET /api/admin/status`
 *   with none;
 * - the `organizationPaths` (`:id` stands for the organization), each under an `organizationApi()`
 *   guard placed as its name says.
 */
export interface MountLayout {
  start: (guard: Guard) => Promise<RunningServer>;
  /** Where the guard sits → the path, with `:id` for the organization. */
  organizationPaths: Array<[string, string]>;
}

/** Runs the mounts table against one adapter. */
export function runMountContract(name: string, layout: MountLayout): void {
  describe(`${name} mounts: every guard on the way applies`, () => {
    let issuer: TestIssuer;
    let server: RunningServer;
    beforeAll(async () => {
      issuer = await createTestIssuer();
      server = await layout.start(
        createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch }),
      );
    });
    afterAll(async () => {
      await server?.close();
      await issuer?.close();
    });

    const get = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
    const apiToken = (scopes: string[]) => issuer.mintApiToken(API, { scopes });

    it("rejects a token with the parent's scope but not the child route's", async () => {
      const anonymous = await get('/api/admin/settings');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      const reader = await get('/api/admin/settings', await apiToken(['read']));
      expect(reader.status).toBe(403);
      expect(reader.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="insufficient_scope", scope="admin"',
      );
      expect((await get('/api/admin/settings', await apiToken(['admin']))).status).toBe(403);
      const both = await get('/api/admin/settings', await apiToken(['read', 'admin']));
      expect(both.status).toBe(200);
      expect(await both.json()).toEqual({ sub: 'user-1', organizationId: null });
    });

    it('rejects anonymous calls to a child route without a guard of its own under a protected parent', async () => {
      expect((await get('/api/admin/status')).status).toBe(401);
      expect((await get('/api/admin/status', await apiToken(['read']))).status).toBe(200);
      expect((await get('/health')).status).toBe(200);
    });

    it.each(layout.organizationPaths)(
      'rejects a token of another organization with %s',
      async (_where, path) => {
        const token = await issuer.mintOrganizationApiToken(API, 'org-a');
        const own = await get(path.replace(':id', 'org-a'), token);
        expect(own.status).toBe(200);
        expect(await own.json()).toEqual({ sub: 'user-1', organizationId: 'org-a' });
        const other = await get(path.replace(':id', 'org-b'), token);
        expect(other.status).toBe(403);
        expect(await other.json()).toEqual({ error: 'Token is not for the organization of this request' });
      },
    );
  });
}
