/// <reference lib="dom" />
/**
 * The playground page (bundled by esbuild): sign-in with `@logto/browser`, one request at a time with
 * its full answer and diagnosis, and the matrix of every route × every seeded identity.
 *
 * @module
 */
import LogtoClient, { Prompt, UserScope } from '@logto/browser';

import type {
  MachineTokenResponse,
  PlaygroundConfig,
  PlaygroundIdentity,
  PlaygroundRoute,
} from '../catalog.js';

const config = JSON.parse(document.getElementById('playground-config')!.textContent!) as PlaygroundConfig;
const root = document.getElementById('playground')!;
const origin = window.location.origin;
const NO_TOKEN: PlaygroundIdentity = { kind: 'machine', id: 'none', name: 'No token' };

const logto = new LogtoClient({
  endpoint: config.endpoint,
  appId: config.appId,
  resources: [config.apiResource],
  scopes: [
    UserScope.Email,
    UserScope.Organizations,
    ...config.organizationPermissions,
    ...config.apiPermissions,
  ],
});

/** The answer of one call, as shown and as stored in the matrix. */
interface CallOutcome {
  status: number;
  wwwAuthenticate: string | null;
  body: string;
  token: string | undefined;
  tokenRequest: string;
  request: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Decodes a JWT without verifying it (the page says so). */
function decodeToken(token: string): string {
  const parts = token.split('.');
  if (parts.length !== 3) return `not a JWT (${parts.length === 1 ? 'opaque' : `${parts.length} parts`})`;
  const decode = (part: string) => {
    const text = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(decodeURIComponent(escape(text))) as unknown;
  };
  try {
    return JSON.stringify({ header: decode(parts[0]!), claims: decode(parts[1]!) }, null, 2);
  } catch {
    return 'not decodable';
  }
}

/** A user's token for the route's model: the organization variants fall back to the API token for a non-member. */
async function userToken(route: PlaygroundRoute): Promise<{ token: string; request: string }> {
  const api = async () => ({
    token: await logto.getAccessToken(config.apiResource),
    request: `getAccessToken('${config.apiResource}')`,
  });
  if (route.model === 'global' || route.organizationId === undefined) return api();
  try {
    return route.model === 'organization'
      ? {
          token: await logto.getOrganizationToken(route.organizationId),
          request: `getOrganizationToken('${route.organizationId}')`,
        }
      : {
          token: await logto.getAccessToken(config.apiResource, route.organizationId),
          request: `getAccessToken('${config.apiResource}', '${route.organizationId}')`,
        };
  } catch {
    const fallback = await api();
    return {
      ...fallback,
      request: `${fallback.request} (the issuer refused an organization token: not a member)`,
    };
  }
}

async function machineToken(
  identity: PlaygroundIdentity,
  route: PlaygroundRoute,
): Promise<{ token: string; request: string }> {
  const response = await fetch('/playground/api/machine-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app: identity.id, route: route.id }),
  });
  if (!response.ok) throw new Error(`machine token: ${response.status} ${await response.text()}`);
  const { token, request } = (await response.json()) as MachineTokenResponse;
  return { token, request: `server-side ${request}` };
}

async function tokenFor(identity: PlaygroundIdentity, route: PlaygroundRoute) {
  if (identity.id === NO_TOKEN.id) return { token: undefined, request: 'no Authorization header' };
  return identity.kind === 'user' ? userToken(route) : machineToken(identity, route);
}

async function callRoute(identity: PlaygroundIdentity, route: PlaygroundRoute): Promise<CallOutcome> {
  const { token, request: tokenRequest } = await tokenFor(identity, route);
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (route.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(route.path, {
    method: route.method,
    headers,
    ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
  });
  const shown = token === undefined ? '' : `\nAuthorization: Bearer ${token.slice(0, 24)}…`;
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
    body: await response.text(),
    token,
    tokenRequest,
    request: `${route.method} ${route.path}${shown}${route.body === undefined ? '' : `\n\n${JSON.stringify(route.body)}`}`,
  };
}

async function explain(route: PlaygroundRoute, token: string): Promise<string> {
  const response = await fetch('/playground/api/explain', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ route: route.id, token }),
  });
  const diagnosis = (await response.json()) as {
    message: string;
    code: string | null;
    checks: { name: string; status: string; detail: string; hint?: string }[];
  };
  const failed = diagnosis.checks.filter((check) => check.status === 'fail');
  return [
    `${diagnosis.message}${diagnosis.code ? ` (${diagnosis.code})` : ''}`,
    ...failed.map((check) => `✗ ${check.name}: ${check.detail}${check.hint ? `\n  → ${check.hint}` : ''}`),
  ].join('\n');
}

let signedIn: PlaygroundIdentity | undefined;

function identities(): PlaygroundIdentity[] {
  return [...config.identities, NO_TOKEN];
}

function render(): void {
  const userLine = signedIn
    ? `Signed in as <strong id="who">${escapeHtml(signedIn.username ?? signedIn.id)}</strong> (${escapeHtml(signedIn.name)}) <button id="signout">Sign out</button>`
    : 'Not signed in. <button id="signin">Sign in as a seeded user</button>';
  const users = config.identities.filter((identity) => identity.kind === 'user');
  const callable = identities().filter(
    (identity) => identity.kind === 'machine' || identity.id === signedIn?.id,
  );
  root.innerHTML = `
<div class="bar">${userLine}</div>
<p class="note">Seeded users: ${users.map((u) => `<code>${escapeHtml(u.username!)}</code>`).join(', ')} (passwords on the sign-in page). Tokens are <strong>decoded, not verified</strong> here: the API verifies them.</p>
<h2>One request</h2>
<div class="bar">
<label>Identity <select id="identity">${callable.map((i) => `<option value="${escapeHtml(i.id)}">${escapeHtml(i.kind === 'user' ? `${i.name} (signed in)` : i.name)}</option>`).join('')}</select></label>
<label>Route <select id="route">${config.routes.map((r) => `<option value="${r.id}">${r.method} ${escapeHtml(r.path)} — ${r.model}</option>`).join('')}</select></label>
<button id="send">Send</button></div>
<div class="grid" id="result" hidden>
<div><h3>Request</h3><pre id="request"></pre><h3>Status</h3><pre id="status"></pre><h3>WWW-Authenticate</h3><pre id="www-authenticate"></pre><h3>Body</h3><pre id="body"></pre></div>
<div><h3>Token (decoded, not verified)</h3><pre id="decoded"></pre><h3>Why (logto-guard inspect)</h3><pre id="diagnosis"></pre></div>
</div>
<h2>Matrix: every route × every identity</h2>
<p class="legend"><span class="s200">200/201</span><span class="s401">401</span><span class="s403">403</span><span class="s503">503</span> A user's row is filled while that user is signed in, and kept.</p>
<button id="refresh-matrix">Refresh matrix</button>
<table id="matrix"><thead><tr><th>identity</th>${config.routes.map((r) => `<th title="${r.model}; needs ${escapeHtml(r.scopes.join(' '))}">${r.method} ${escapeHtml(r.path.replace('/api/organizations/', '…/'))}<br><small>${r.model}</small></th>`).join('')}</tr></thead>
<tbody>${identities()
    .map(
      (i) =>
        `<tr><td class="identity">${escapeHtml(i.name)}<br><small>${escapeHtml(i.kind === 'user' ? `user ${i.username}` : i.id === 'none' ? '' : `m2m ${i.id}`)}</small></td>${config.routes.map((r) => cell(i, r, storedStatus(i, r))).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
  document.getElementById('signin')?.addEventListener('click', () => {
    void logto.signIn({
      redirectUri: `${origin}/playground/callback`,
      prompt: [Prompt.Login, Prompt.Consent],
    });
  });
  document.getElementById('signout')?.addEventListener('click', () => {
    void logto.signOut(`${origin}/playground`);
  });
  document.getElementById('send')!.addEventListener('click', () => void sendOne());
  document.getElementById('refresh-matrix')!.addEventListener('click', () => void refreshMatrix());
}

const storageKey = (identity: PlaygroundIdentity) => `playground.matrix.${identity.id}`;

function storedStatus(identity: PlaygroundIdentity, route: PlaygroundRoute): number | undefined {
  if (identity.kind !== 'user') return undefined;
  const stored = JSON.parse(localStorage.getItem(storageKey(identity)) ?? '{}') as Record<string, number>;
  return stored[route.id];
}

function cell(identity: PlaygroundIdentity, route: PlaygroundRoute, status: number | undefined): string {
  const text =
    status === undefined
      ? identity.kind === 'user' && identity.id !== signedIn?.id
        ? 'sign in'
        : '·'
      : String(status);
  const attributes = `data-identity="${escapeHtml(identity.id)}" data-route="${route.id}"${status === undefined ? '' : ` data-status="${status}"`}`;
  return `<td class="${status === undefined ? 'pending' : `s${status}`}" ${attributes}>${text}</td>`;
}

async function sendOne(): Promise<void> {
  const identity = identities().find(
    (i) => i.id === (document.getElementById('identity') as HTMLSelectElement).value,
  )!;
  const route = config.routes.find(
    (r) => r.id === (document.getElementById('route') as HTMLSelectElement).value,
  )!;
  const show = (id: string, text: string) => {
    document.getElementById(id)!.textContent = text;
  };
  document.getElementById('result')!.hidden = false;
  try {
    const outcome = await callRoute(identity, route);
    show('request', `${outcome.request}\n\n(token: ${outcome.tokenRequest})`);
    show('status', String(outcome.status));
    show('www-authenticate', outcome.wwwAuthenticate ?? '(none)');
    show('body', outcome.body);
    show('decoded', outcome.token === undefined ? '(no token)' : decodeToken(outcome.token));
    const rejected = outcome.status === 401 || outcome.status === 403;
    show(
      'diagnosis',
      rejected && outcome.token !== undefined
        ? await explain(route, outcome.token)
        : rejected
          ? 'No token was sent: the request carries no Authorization header.'
          : 'Accepted.',
    );
  } catch (error) {
    show('status', `failed: ${String(error)}`);
  }
}

async function refreshMatrix(): Promise<void> {
  const table = document.getElementById('matrix')!;
  table.removeAttribute('data-complete');
  for (const identity of identities()) {
    if (identity.kind === 'user' && identity.id !== signedIn?.id) continue;
    const results: Record<string, number> = {};
    // One call at a time: a single-page app's refresh token rotates on every use.
    for (const route of config.routes) {
      const target = table.querySelector(
        `td[data-identity="${CSS.escape(identity.id)}"][data-route="${route.id}"]`,
      )!;
      let status: number;
      try {
        status = (await callRoute(identity, route)).status;
      } catch {
        status = 0;
      }
      results[route.id] = status;
      target.outerHTML = cell(identity, route, status);
    }
    if (identity.kind === 'user') localStorage.setItem(storageKey(identity), JSON.stringify(results));
  }
  table.setAttribute('data-complete', 'true');
}

async function start(): Promise<void> {
  if (window.location.pathname === '/playground/callback') {
    await logto.handleSignInCallback(window.location.href);
    window.history.replaceState(null, '', '/playground');
  }
  if (await logto.isAuthenticated()) {
    const claims = await logto.getIdTokenClaims();
    signedIn = config.identities.find((identity) => identity.id === claims.sub) ?? {
      kind: 'user',
      id: claims.sub,
      name: String(claims.name ?? claims.sub),
    };
  }
  render();
  root.setAttribute('data-ready', 'true');
}

start().catch((error: unknown) => {
  root.textContent = `The playground failed to start: ${String(error)}`;
});
