/**
 * `/playground` on the demo API: the page, its bundle, and two JSON endpoints the page needs from the
 * server: a token for a seeded machine-to-machine app (its secret never leaves the server) and the
 * `logto-guard inspect` diagnosis of a token for a route.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { diagnose } from '@logto-guard/cli/inspect';
import { type DevIssuer, requestClientCredentialsToken, TokenRequestError } from '@logto-guard/dev-issuer';
import express, { type Express } from 'express';
import { createGuard, type GuardOptions } from 'logto-guard';

import {
  type MachineTokenResponse,
  PLAYGROUND_ROUTES,
  type PlaygroundConfig,
  type PlaygroundRoute,
  routeById,
} from './catalog.js';
import { renderPlaygroundPage } from './page.js';

/** Options of {@link registerPlayground}. */
export interface PlaygroundOptions {
  /** The Logto endpoint the guard trusts. */
  readonly endpoint: string;
  readonly apiResource: string;
  /** The local issuer; without it the page explains that the playground needs it. */
  readonly devIssuer: DevIssuer | undefined;
  /** The guard's other options (the diagnosis checks with the same ones). */
  readonly guardOptions?: Omit<GuardOptions, 'endpoint' | 'issuer' | 'audience'>;
}

/** The browser entry, as source (tests, tsx) or next to the compiled file (`npm start`). */
function browserEntry(): string {
  const candidates = ['./browser/main.ts', '../../src/playground/browser/main.ts'].map((path) =>
    fileURLToPath(new URL(path, import.meta.url)),
  );
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

let bundle: Promise<string> | undefined;

/** The page's script: `@logto/browser` and the page code, bundled once by esbuild. */
function playgroundBundle(): Promise<string> {
  bundle ??= import('esbuild').then(async ({ build }) => {
    const result = await build({
      entryPoints: [browserEntry()],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      minify: true,
      legalComments: 'none',
    });
    return result.outputFiles[0]!.text;
  });
  bundle.catch(() => {
    bundle = undefined;
  });
  return bundle;
}

function pageConfig(options: PlaygroundOptions, issuer: DevIssuer): PlaygroundConfig {
  const { world } = issuer;
  const spa = world.userApplications.find((app) => app.type === 'spa');
  return {
    endpoint: options.endpoint,
    apiResource: options.apiResource,
    appId: spa?.id ?? '',
    apiPermissions: world.resources.find((r) => r.indicator === options.apiResource)?.permissions ?? [],
    organizationPermissions: world.organizationPermissions,
    identities: [
      ...world.users.map((user) => ({
        kind: 'user' as const,
        id: user.id,
        name: user.name,
        username: user.username,
      })),
      ...world.applications.map((app) => ({ kind: 'machine' as const, id: app.id, name: app.name })),
    ],
    routes: PLAYGROUND_ROUTES,
  };
}

/** A client_credentials token shaped for the route's model; a non-member falls back to an API token. */
async function machineToken(
  issuer: DevIssuer,
  options: PlaygroundOptions,
  app: { id: string; secret: string },
  route: PlaygroundRoute,
): Promise<MachineTokenResponse> {
  const apiScope = (
    issuer.world.resources.find((r) => r.indicator === options.apiResource)?.permissions ?? []
  ).join(' ');
  const ask = (request: { resource?: string; organizationId?: string; scope: string }) =>
    requestClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: app.id,
      clientSecret: app.secret,
      ...request,
    }).then(
      (response): MachineTokenResponse => ({
        token: response.access_token,
        request: [
          'client_credentials',
          request.resource ? `resource=${request.resource}` : '',
          request.organizationId ? `organization_id=${request.organizationId}` : '',
          `scope="${request.scope}"`,
        ]
          .filter(Boolean)
          .join(' '),
      }),
    );
  const global = () => ask({ resource: options.apiResource, scope: apiScope });
  if (route.model === 'global' || route.organizationId === undefined) return global();
  const organization =
    route.model === 'organization'
      ? { organizationId: route.organizationId, scope: issuer.world.organizationPermissions.join(' ') }
      : { resource: options.apiResource, organizationId: route.organizationId, scope: apiScope };
  return ask(organization).catch((error: unknown) => {
    // Not a member: the issuer answers 403, so the app can only present the token it has.
    if (error instanceof TokenRequestError && error.status === 403) return global();
    throw error;
  });
}

/**
 * Adds `/playground` to the demo app: `GET /playground` (and `/playground/callback`, where the
 * sign-in returns), `GET /playground/app.js`, `POST /playground/api/machine-token` and
 * `POST /playground/api/explain`.
 *
 * @example
 * ```ts
 * registerPlayground(app, { endpoint, apiResource, devIssuer });
 * ```
 */
export function registerPlayground(app: Express, options: PlaygroundOptions): void {
  const json = express.json({ limit: '32kb' });
  const { devIssuer } = options;
  const guardOptions = { ...options.guardOptions, endpoint: options.endpoint, audience: options.apiResource };
  // The diagnosis runs the same checks as the API's guard (plus one without the typ rule, to explain ID tokens).
  const guards = devIssuer && {
    strict: createGuard(guardOptions),
    lenient: createGuard({ ...guardOptions, requireAccessTokenType: false }),
  };

  const page: express.RequestHandler = (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res
      .type('html')
      .send(renderPlaygroundPage(devIssuer === undefined ? undefined : pageConfig(options, devIssuer)));
  };
  app.get('/playground', page);
  app.get('/playground/callback', page);

  app.get('/playground/app.js', async (_req, res, next) => {
    try {
      res
        .type('text/javascript')
        .set('Cache-Control', 'no-store')
        .send(await playgroundBundle());
    } catch (error) {
      next(error);
    }
  });

  app.post('/playground/api/machine-token', json, async (req, res, next) => {
    const route = routeById(String(req.body?.route));
    const machine = devIssuer?.world.applications.find((candidate) => candidate.id === req.body?.app);
    if (devIssuer === undefined || route === undefined || machine === undefined) {
      res.status(400).json({ error: 'Unknown app or route' });
      return;
    }
    try {
      res.json(await machineToken(devIssuer, options, machine, route));
    } catch (error) {
      if (!(error instanceof TokenRequestError)) return next(error);
      res.status(502).json({
        error: 'The issuer refused the token request',
        issuer: { error: error.error, error_description: error.errorDescription },
      });
    }
  });

  app.post('/playground/api/explain', json, async (req, res) => {
    const route = routeById(String(req.body?.route));
    const token = req.body?.token;
    if (guards === undefined || route === undefined || typeof token !== 'string' || token.length > 16_384) {
      res.status(400).json({ error: 'Expected { route, token }' });
      return;
    }
    const diagnosis = await diagnose(token, {
      guards,
      decodeOnly: false,
      audiences: route.model === 'organization' ? [] : [options.apiResource],
      organization: route.organizationId,
      scopes: route.scopes,
      model: route.model,
    });
    // The diagnosis repeats the claims, never the token itself.
    res.json({
      verdict: diagnosis.verdict,
      code: diagnosis.code,
      message: diagnosis.message,
      kind: diagnosis.kind,
      checks: diagnosis.checks,
    });
  });
}
