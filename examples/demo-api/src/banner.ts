/**
 * What `npm start` prints: where things run, the seeded apps, and curl commands to paste into a shell.
 *
 * @module
 */
import { DEFAULT_APPLICATIONS, DEFAULT_ORGANIZATIONS, type World } from '@logto-guard/dev-issuer';

import type { RunningDemo } from './start.js';

/** The line after which the banner holds only shell commands and `#` comments. */
export const PASTE_START = 'Paste into a shell (bash or zsh; needs curl and node):';
/** The line that ends the pasteable block. */
export const PASTE_END = 'Press Ctrl+C to stop.';

/** Quotes `value` for a POSIX shell when it holds anything beyond plain URL characters. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

interface TokenRequest {
  /** Shell variable receiving the token. */
  variable: string;
  tokenEndpoint: string;
  /** `id:secret` as it goes after `curl -u`, already quoted if needed. */
  credentials: string;
  resource?: string;
  organizationId?: string;
  scope: string;
}

/** `VAR=$(curl ... | node ...)`: a client_credentials request whose `access_token` lands in `$VAR`. */
function tokenCommand(request: TokenRequest): string {
  const lines = [
    `${request.variable}=$(curl -s -u ${request.credentials} ${shellQuote(request.tokenEndpoint)}`,
    '  -d grant_type=client_credentials',
  ];
  if (request.resource !== undefined)
    lines.push(`  --data-urlencode ${shellQuote(`resource=${request.resource}`)}`);
  if (request.organizationId !== undefined) {
    lines.push(`  -d ${shellQuote(`organization_id=${request.organizationId}`)}`);
  }
  lines.push(`  --data-urlencode ${shellQuote(`scope=${request.scope}`)}`);
  lines.push(`  | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`);
  return lines.join(' \\\n');
}

/** `curl -i` (status and headers shown) on `path`, with `$variable` as bearer token and an optional JSON body. */
function callCommand(url: string, path: string, variable?: string, json?: unknown): string {
  const parts = ["curl -i -w '\\n'"];
  if (variable !== undefined) parts.push(`-H "Authorization: Bearer $${variable}"`);
  if (json !== undefined)
    parts.push(`-H 'Content-Type: application/json' -d ${shellQuote(JSON.stringify(json))}`);
  parts.push(shellQuote(`${url}${path}`));
  return parts.join(' ');
}

function describeApps(world: World): string[] {
  const width = Math.max(...world.applications.map((app) => app.id.length + app.secret.length)) + 4;
  return world.applications.map((app) => {
    const grants = [
      ...app.roles.map((role) => `role ${role}`),
      ...app.organizations.map((org) => `${org.id} as ${org.roles.join(', ')}`),
    ];
    return `  ${`${app.id} / ${app.secret}`.padEnd(width)}${app.name}: ${grants.join('; ') || 'no roles'}`;
  });
}

function localIssuerBanner(demo: RunningDemo, world: World, tokenEndpoint: string): string[] {
  const { url, apiResource } = demo;
  const { fullAccess, readOnly } = DEFAULT_APPLICATIONS;
  const { acme, globex } = DEFAULT_ORGANIZATIONS;
  const credentials = (app: { id: string; secret: string }) => shellQuote(`${app.id}:${app.secret}`);
  return [
    'Seeded machine-to-machine apps (client id / client secret; local development only):',
    ...describeApps(world),
    '',
    PASTE_START,
    '',
    '# A token of the full-access app for the API resource (global model)',
    tokenCommand({
      variable: 'TOKEN',
      tokenEndpoint,
      credentials: credentials(fullAccess),
      resource: apiResource,
      scope: 'api:read api:write read:products write:orders',
    }),
    '# 200: the token has api:read and api:write',
    callCommand(url, '/api/protected', 'TOKEN'),
    '# 401: no token',
    callCommand(url, '/api/protected'),
    '',
    '# 403: the read-only app has api:read but not api:write',
    tokenCommand({
      variable: 'READ_ONLY_TOKEN',
      tokenEndpoint,
      credentials: credentials(readOnly),
      resource: apiResource,
      scope: 'api:read read:products',
    }),
    callCommand(url, '/api/protected', 'READ_ONLY_TOKEN'),
    '',
    '# Global model: products (read:products), orders (write:orders)',
    callCommand(url, '/api/products', 'TOKEN'),
    callCommand(url, '/api/orders', 'TOKEN', { item: 'Widget', qty: 2 }),
    '',
    `# Organization permissions: an organization token for ${acme} (organization_id, no resource)`,
    tokenCommand({
      variable: 'ORG_TOKEN',
      tokenEndpoint,
      credentials: credentials(fullAccess),
      organizationId: acme,
      scope: 'read:members invite:member',
    }),
    callCommand(url, `/api/organizations/${acme}/members`, 'ORG_TOKEN'),
    callCommand(url, `/api/organizations/${acme}/invitations`, 'ORG_TOKEN', { email: 'new@example.com' }),
    `# 403: the token is for ${acme}, not ${globex}`,
    callCommand(url, `/api/organizations/${globex}/members`, 'ORG_TOKEN'),
    '',
    `# Organization-level API resource: an API token for ${acme} (resource and organization_id)`,
    tokenCommand({
      variable: 'ORG_API_TOKEN',
      tokenEndpoint,
      credentials: credentials(fullAccess),
      resource: apiResource,
      organizationId: acme,
      scope: 'read:projects',
    }),
    callCommand(url, `/api/organizations/${acme}/projects`, 'ORG_API_TOKEN'),
  ];
}

function logtoBanner(demo: RunningDemo, tokenEndpoint: string): string[] {
  const { url, apiResource } = demo;
  const credentials = '"$CLIENT_ID:$CLIENT_SECRET"';
  return [
    'Tokens come from your Logto: use a machine-to-machine app with a role granting',
    `"api:read" and "api:write" of the API resource ${apiResource}.`,
    '',
    PASTE_START,
    '',
    "CLIENT_ID='your app id' CLIENT_SECRET='your app secret'",
    tokenCommand({
      variable: 'TOKEN',
      tokenEndpoint,
      credentials,
      resource: apiResource,
      scope: 'api:read api:write',
    }),
    '# 200',
    callCommand(url, '/api/protected', 'TOKEN'),
    '# 401: no token',
    callCommand(url, '/api/protected'),
    '# 403: a token of the same app with api:read only',
    tokenCommand({
      variable: 'READ_TOKEN',
      tokenEndpoint,
      credentials,
      resource: apiResource,
      scope: 'api:read',
    }),
    callCommand(url, '/api/protected', 'READ_TOKEN'),
  ];
}

/**
 * The text `npm start` prints for a running demo. Every command in the pasteable block works as printed
 * against the local issuer; against a Logto, once `CLIENT_ID` and `CLIENT_SECRET` are filled in.
 *
 * @example
 * ```ts
 * console.log(renderBanner(await startDemo()));
 * ```
 */
export function renderBanner(demo: RunningDemo): string {
  const issuer = `${demo.endpoint}/oidc`;
  const body = demo.devIssuer
    ? localIssuerBanner(demo, demo.devIssuer.world, demo.devIssuer.tokenEndpoint)
    : logtoBanner(demo, `${issuer}/token`);
  return [
    `logto-guard demo API on ${demo.url}`,
    `  API resource  ${demo.apiResource}`,
    `  Issuer        ${issuer}${demo.devIssuer ? ' (local dev issuer; set LOGTO_ENDPOINT to use your Logto)' : ''}`,
    ...(demo.devIssuer
      ? [
          `  Playground    ${demo.url}/playground (sign in as admin / admin-password, member / member-password)`,
          `  API docs      ${demo.url}/docs (Swagger UI: "Authorize" with an app below, or sign in as reader / reader-password)`,
        ]
      : [`  API docs      ${demo.url}/docs (Swagger UI)`]),
    '',
    ...body,
    '',
    PASTE_END,
  ].join('\n');
}
