import { get, type IncomingHttpHeaders } from 'node:http';

/**
 * The table both modes are held to: nginx + forward-auth, and the gateway's reverse-proxy mode. Tokens
 * come from the dev issuer's token endpoint; the FastAPI app answers `{"auth": ...}` from the headers.
 */
import { DEFAULT_API_RESOURCE, DEFAULT_APPLICATIONS, type DevIssuer } from '@logto-guard/dev-issuer';
import { expect } from 'vitest';

// Tokens from the dev issuer's token endpoint over HTTP, as the demo API's tests get them.
import { tokenFor } from '../../demo-api/test/helpers.js';

const { fullAccess, readOnly } = DEFAULT_APPLICATIONS;

/** One token per permission model, plus tokens that lack something. */
export async function issueTokens(issuer: DevIssuer) {
  const [global, readOnlyGlobal, organization, organizationApi] = await Promise.all([
    tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read api:write read:products',
    }),
    tokenFor(issuer, readOnly, { resource: DEFAULT_API_RESOURCE, scope: 'api:read read:products' }),
    tokenFor(issuer, fullAccess, { organizationId: 'org-acme', scope: 'read:members' }),
    tokenFor(issuer, fullAccess, {
      resource: DEFAULT_API_RESOURCE,
      organizationId: 'org-acme',
      scope: 'read:projects',
    }),
  ]);
  return { global, readOnlyGlobal, organization, organizationApi };
}

export type Tokens = Awaited<ReturnType<typeof issueTokens>>;

interface Case {
  name: string;
  path: string;
  token?: keyof Tokens | 'garbage';
  headers?: Record<string, string>;
  status: number;
  /** Partial body expected. */
  body?: Record<string, unknown>;
  /** For denials: the exact `WWW-Authenticate`, or null when there must be none. */
  challenge?: string | null;
}

const api = DEFAULT_API_RESOURCE;
const auth = (scopes: string[], organizationId: string | null = null, audience = [api]) => ({
  sub: fullAccess.id,
  client_id: fullAccess.id,
  organization_id: organizationId,
  scopes,
  audience,
});

export const cases: Case[] = [
  {
    name: 'global API: 200 with the identity',
    path: '/api/protected',
    token: 'global',
    status: 200,
    body: { auth: auth(['api:read', 'api:write', 'read:products']) },
  },
  {
    name: 'organization permissions: 200 with the identity',
    path: '/api/organizations/org-acme/members',
    token: 'organization',
    status: 200,
    body: {
      organization_id: 'org-acme',
      auth: auth(['read:members'], null, ['urn:logto:organization:org-acme']),
    },
  },
  {
    name: 'organization-level API: 200 with the identity',
    path: '/api/organizations/org-acme/projects',
    token: 'organizationApi',
    status: 200,
    body: { auth: auth(['read:projects'], 'org-acme') },
  },
  {
    name: 'organization-level API, organization from a header: 200',
    path: '/api/projects',
    token: 'organizationApi',
    headers: { 'x-organization-id': 'org-acme' },
    status: 200,
    body: { organization_id: 'org-acme', auth: auth(['read:projects'], 'org-acme') },
  },
  {
    name: 'missing token: 401 with a challenge without error=',
    path: '/api/protected',
    status: 401,
    body: { error: 'Authorization header is missing' },
    challenge: 'Bearer realm="api"',
  },
  {
    name: 'invalid token: 401 invalid_token',
    path: '/api/protected',
    token: 'garbage',
    status: 401,
    body: { error: 'Invalid token' },
    challenge: 'Bearer realm="api", error="invalid_token"',
  },
  {
    name: 'valid token without the scope: 403 with its challenge',
    path: '/api/protected',
    token: 'readOnlyGlobal',
    status: 403,
    body: { error: 'Insufficient scope' },
    challenge: 'Bearer realm="api", error="insufficient_scope", scope="api:read api:write"',
  },
  {
    name: 'valid token for another audience: 403',
    path: '/api/products',
    token: 'organization',
    status: 403,
    challenge: 'Bearer realm="api", error="insufficient_scope", scope="read:products"',
  },
  {
    name: 'valid token for another organization: 403',
    path: '/api/organizations/org-globex/members',
    token: 'organization',
    status: 403,
    challenge: 'Bearer realm="api", error="insufficient_scope", scope="read:members"',
  },
  {
    name: 'organization header of another organization: 403',
    path: '/api/projects',
    token: 'organizationApi',
    headers: { 'x-organization-id': 'org-globex' },
    status: 403,
    challenge: 'Bearer realm="api", error="insufficient_scope", scope="read:projects"',
  },
  {
    name: 'a client-sent X-Auth-Subject never reaches the backend (public route)',
    path: '/',
    headers: { 'x-auth-subject': 'admin', 'x-auth-scopes': 'api:write' },
    status: 200,
    body: { auth: null },
  },
  {
    name: 'a client-sent X-Auth-Subject never reaches the backend (protected route)',
    path: '/api/protected',
    token: 'global',
    headers: { 'x-auth-subject': 'admin', 'x-auth-organization-id': 'org-acme' },
    status: 200,
    body: { auth: auth(['api:read', 'api:write', 'read:products']) },
  },
  {
    name: 'a path no rule covers is denied, and says so',
    path: '/api/admin',
    token: 'global',
    status: 403,
    body: { error: 'No gateway rule matches this request' },
    challenge: null,
  },
  {
    name: 'a path with dot segments is denied',
    path: '/api/products/../admin',
    token: 'global',
    status: 403,
    body: { error: 'Request path is not in normal form' },
    challenge: null,
  },
];

/** GET `path` exactly as written (fetch() would resolve dot segments before sending). */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const request = get({ hostname, port, path, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
      );
    });
    request.on('error', reject);
  });
}

/** Runs every case against `baseUrl`. */
export async function expectCases(baseUrl: string, tokens: Tokens): Promise<void> {
  for (const entry of cases) {
    const headers: Record<string, string> = { ...entry.headers };
    if (entry.token !== undefined) {
      headers.authorization = `Bearer ${entry.token === 'garbage' ? 'not.a.token' : tokens[entry.token]}`;
    }
    const response = await rawGet(baseUrl, entry.path, headers);
    const context = `${entry.name}: ${response.status} ${response.text}`;
    expect(response.status, context).toBe(entry.status);
    expect(response.headers['content-type'], context).toMatch(/^application\/json/);
    const body = JSON.parse(response.text) as Record<string, unknown>;
    if (entry.body !== undefined) {
      const sorted = (value: unknown) => {
        const copy = structuredClone(value) as { auth?: { scopes?: string[] } | null };
        copy.auth?.scopes?.sort();
        return copy;
      };
      expect(sorted(body), context).toMatchObject(sorted(entry.body) as Record<string, unknown>);
    }
    if (entry.status >= 400) {
      expect(Object.keys(body), context).toEqual(['error']);
      expect(response.headers['www-authenticate'] ?? null, context).toBe(entry.challenge);
      if (entry.token !== undefined && entry.token !== 'garbage') {
        expect(JSON.stringify(response), context).not.toContain(tokens[entry.token]);
      }
    }
  }
}
