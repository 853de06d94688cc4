/**
 * The sign-in interaction: a username and password form, and consent granted without asking for
 * first-party applications (as Logto does for its own applications).
 *
 * Served by the provider itself under `<issuer>/interaction/<uid>`:
 * - `GET` shows the form (prompt `login`) or grants consent and redirects back (prompt `consent`);
 * - `POST .../login` checks the credentials: a wrong password shows the form again with an error
 *   (401); a right one finishes the login and redirects to the authorization endpoint.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';

import type { InteractionResults, KoaContextWithOIDC, Provider } from 'oidc-provider';

import type { World } from '../world/config.js';
import type { WorldPermissions } from '../world/permissions.js';
import { ORGANIZATIONS_RESOURCE } from './accounts.js';

const INTERACTION_PATH = /^\/interaction\/([\w-]+)(\/login)?$/;
/** Forms are small; anything larger is refused before parsing. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * Where oidc-provider sends the browser for an interaction: `<issuer path>/interaction/<uid>`.
 *
 * @example
 * ```ts
 * new Provider(issuer, { interactions: { url: interactionUrl(issuer) } });
 * ```
 */
export const interactionUrl =
  (issuer: string) =>
  (_ctx: KoaContextWithOIDC, interaction: { uid: string }): string =>
    `${new URL(issuer).pathname.replace(/\/$/, '')}/interaction/${interaction.uid}`;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface SignInPage {
  /** Where the form posts: `<issuer path>/interaction/<uid>/login` (absolute: the page is also shown at that URL). */
  readonly action: string;
  readonly appName: string;
  readonly username?: string;
  readonly error?: string;
  readonly users: World['users'];
}

/** The sign-in page. The seeded users are listed: they are development credentials. */
function renderSignInPage(page: SignInPage): string {
  const rows = page.users
    .map(
      (user) =>
        `<tr><td><code>${escapeHtml(user.username)}</code></td><td><code>${escapeHtml(user.password)}</code></td><td>${escapeHtml(user.name)}</td></tr>`,
    )
    .join('');
  const error = page.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(page.error)}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · dev issuer</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.45rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020;font-weight:600}
table{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}td{padding:.15rem .6rem .15rem 0}
.note{color:#555;font-size:.85rem}</style></head>
<body><h1>Sign in</h1><p>to <strong>${escapeHtml(page.appName)}</strong> (local dev issuer)</p>${error}
<form method="post" action="${escapeHtml(page.action)}" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" value="${escapeHtml(page.username ?? '')}" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<details><summary class="note">Seeded users (local development only)</summary><table>${rows}</table></details>
</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Grants what the authorization request asked for, limited to what the user's roles allow. */
async function grantConsent(
  provider: Provider,
  permissions: WorldPermissions,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
): Promise<InteractionResults> {
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  const grant =
    (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
    new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    const allowed = new Set(
      accountId === undefined
        ? []
        : indicator === ORGANIZATIONS_RESOURCE
          ? permissions.userOrganizationScopesAnywhere(accountId)
          : permissions.userApiScopes(accountId, indicator),
    );
    grant.addResourceScope(indicator, scopes.filter((scope) => allowed.has(scope)).join(' '));
  }
  return { consent: { grantId: await grant.save() } };
}

/**
 * The koa middleware serving the sign-in interaction (register with `provider.use`).
 *
 * @example
 * ```ts
 * provider.use(createInteractions(provider, world, permissions, issuer));
 * ```
 */
export function createInteractions(
  provider: Provider,
  world: World,
  permissions: WorldPermissions,
  issuer: string,
) {
  const interactionPath = interactionUrl(issuer);
  const appName = (clientId: unknown): string =>
    permissions.userApplication(String(clientId))?.name ?? String(clientId);
  const html = (ctx: KoaContextWithOIDC, status: number, body: string) => {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  };

  return async function signInInteraction(ctx: KoaContextWithOIDC, next: () => Promise<void>) {
    const match = INTERACTION_PATH.exec(ctx.path);
    if (match === null) return next();
    const [, uid, login] = match;
    const details = await provider.interactionDetails(ctx.req, ctx.res).catch(() => undefined);
    if (details === undefined || details.uid !== uid) {
      return html(
        ctx,
        400,
        '<!doctype html><p>This sign-in has expired. Go back to the application and start again.</p>',
      );
    }
    const action = `${interactionPath(ctx, { uid: uid! })}/login`;
    const page = { action, appName: appName(details.params.client_id), users: world.users };

    if (login === undefined && ctx.method === 'GET') {
      if (details.prompt.name === 'consent') {
        const result = await grantConsent(provider, permissions, details);
        ctx.status = 303;
        return ctx.redirect(
          await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true }),
        );
      }
      return html(ctx, 200, renderSignInPage(page));
    }
    if (login !== undefined && ctx.method === 'POST' && details.prompt.name === 'login') {
      const form = await readForm(ctx.req);
      const username = form?.get('username') ?? '';
      const user = permissions.userByUsername(username);
      if (user === undefined || user.password !== (form?.get('password') ?? '')) {
        const error = 'Wrong username or password.';
        return html(ctx, 401, renderSignInPage({ ...page, username, error }));
      }
      const result: InteractionResults = { login: { accountId: user.id } };
      ctx.status = 303;
      return ctx.redirect(
        await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }),
      );
    }
    ctx.status = 405;
    ctx.body = { error: 'invalid_request', error_description: 'unexpected method for this interaction step' };
  };
}
