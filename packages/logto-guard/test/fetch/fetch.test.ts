import { serveFetch } from '@logto-guard/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AuthInfo,
  createGuard,
  type Guard,
  LogtoGuardConfigError,
  LogtoGuardError,
  organizationApi,
  type Policy,
} from '../../src/core/index.js';
import { type RouteParams, requireAuth, withAuth } from '../../src/fetch/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { API, contractRoutes, runContract } from '../contract/contract.js';

/** Test-only router: `:name` segments to a params object (Node 20 has no `URLPattern`). */
function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}$`).exec(pathname);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
}

function startFetch(guard: Guard) {
  const routes = contractRoutes.map((route) => ({
    path: route.path,
    // The runtime's second argument here is the matched params, handed to the policy by `params`.
    handle: withAuth(
      guard,
      route.policy as Policy<unknown>,
      (_request, auth, _params: RouteParams) => Response.json({ auth: auth ?? null }),
      { params: (_request, params) => params },
    ),
  }));
  return serveFetch((request) => {
    const { pathname } = new URL(request.url);
    for (const route of routes) {
      const params = matchPath(route.path, pathname);
      if (params) return route.handle(request, params);
    }
    return Response.json({ error: 'not found' }, { status: 404 });
  });
}

runContract('fetch', startFetch);

describe('fetch adapter', () => {
  let issuer: TestIssuer;
  let guard: Guard;
  const projects = organizationApi({ scopes: ['read:projects'] });
  const get = (token?: string) =>
    new Request('http://api.test/orgs/org-a/projects', {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    issuer = await createTestIssuer();
    guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
  });
  afterAll(() => issuer.close());

  it('withAuth passes the caller and the runtime arguments to the handler', async () => {
    const ctx = { params: Promise.resolve({ organizationId: 'org-a' }) };
    const handler = vi.fn((_request: Request, auth: AuthInfo | undefined, _ctx: typeof ctx) =>
      Response.json({ sub: auth?.sub }),
    );
    const GET = withAuth(guard, projects, handler, { params: (_request, c) => c.params });
    const request = get(await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] }));
    const response = await GET(request, ctx);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'user-1' });
    expect(handler).toHaveBeenCalledWith(request, expect.objectContaining({ organizationId: 'org-a' }), ctx);
  });

  it('withAuth answers failures without calling the handler', async () => {
    const handler = vi.fn(() => new Response('never'));
    const GET = withAuth(guard, projects, handler, { params: () => ({ organizationId: 'org-b' }) });
    const token = await issuer.mintOrganizationApiToken(API, 'org-a', { scopes: ['read:projects'] });
    const response = await GET(get(token));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="read:projects"',
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it('requireAuth resolves to the error and a ready JSON response', async () => {
    const result = await requireAuth(guard, projects)(get(), { organizationId: 'org-a' });
    expect(result.ok).toBe(false);
    expect(result.error).toBeInstanceOf(LogtoGuardError);
    expect(result.error?.code).toBe('missing_authorization');
    expect(result.response?.status).toBe(401);
    expect(result.response?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(result.response?.headers.get('cache-control')).toBe('no-store');
    expect(await result.response?.json()).toEqual({ error: 'Authorization header is missing' });
  });

  it('requireAuth gives the Request to policy functions', async () => {
    const fromHeader = organizationApi<Request>({
      organizationId: (r) => r.headers.get('x-org') ?? undefined,
    });
    const token = await issuer.mintOrganizationApiToken(API, 'org-a');
    const request = new Request('http://api.test/projects', {
      headers: { authorization: `Bearer ${token}`, 'x-org': 'org-a' },
    });
    const result = await requireAuth(guard, fromHeader)(request);
    expect(result.ok && result.auth?.organizationId).toBe('org-a');
  });

  it('withAuth throws LogtoGuardConfigError for a params option that is not a function', () => {
    const call = () => withAuth(guard, projects, () => new Response(), { params: {} as never });
    expect(call).toThrow(LogtoGuardConfigError);
    expect(call).toThrow('options.params must be a function');
  });
});
