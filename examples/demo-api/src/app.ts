/**
 * The demo API: the reference guide's routes, one per permission model, protected with logto-guard.
 *
 * @module
 */
import { STATUS_CODES } from 'node:http';

import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import {
  type Guard,
  globalApi,
  LogtoGuardError,
  organizationApi,
  organizationPermissions,
} from 'logto-guard';
import { requireAuth } from 'logto-guard/express';
import { registerApiDocs, registerResourceMetadata } from './docs.js';
import type { Observability } from './observability.js';
import { type PlaygroundOptions, registerPlayground } from './playground/server.js';
import { createStore, type Store } from './store.js';
import { parseInvitation, parseOrder } from './validate.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The guard of this API (its `audience` is the API resource indicator). */
  guard: Guard;
  /** The data behind the routes. Default: a fresh seeded in-memory store. */
  store?: Store;
  /** The failure log and metrics fed by the guard's `onFailure`; serves `GET /metrics` when given. */
  observability?: Observability;
  /** Serves `/playground` (the page signs in with the local issuer's seeded users). */
  playground?: PlaygroundOptions;
}

/** The `:organizationId` path segment (the guard has already matched it against the token). */
const organizationOf = (req: Request): string => String(req.params.organizationId);

function badRequest(res: Response, problems: string[]): void {
  res.status(400).json({ error: 'Invalid request body', details: problems });
}

/**
 * Answers every error that reached Express as JSON: a body-parser failure keeps its 4xx status, a
 * logto-guard error is rendered by the guard, anything else is a 500 whose details stay in the server log.
 */
function createErrorHandler(guard: Guard): ErrorRequestHandler {
  return function demoErrorHandler(err, _req, res, next) {
    if (res.headersSent) return next(err);
    if (err instanceof LogtoGuardError) {
      const { status, headers, body } = guard.render(err);
      res.status(status).set(headers).json(body);
      return;
    }
    const status: unknown = err?.status ?? err?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && err?.expose === true) {
      const error = err.type === 'entity.parse.failed' ? 'Malformed JSON body' : STATUS_CODES[status];
      res.status(status).json({ error });
      return;
    }
    console.error('demo-api: unexpected error', err);
    res.status(500).json({ error: 'Internal server error' });
  };
}

/**
 * Builds the Express app. Bodies are parsed only after a route's guard has passed, so a request without
 * a valid token is answered 401/403 whatever its body.
 *
 * @example
 * ```ts
 * const guard = createGuard({ endpoint: 'http://127.0.0.1:3001', audience: 'https://api.example.com' });
 * createApp({ guard }).listen(3000);
 * ```
 */
export function createApp({ guard, store = createStore(), playground, observability }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  const json = express.json();
  if (observability !== undefined) app.get('/metrics', observability.metrics);
  registerResourceMetadata(app, guard);

  app.get('/', (_req, res) => {
    res.json({ message: 'Hello from logto-guard' });
  });

  // Global API resource: tokens for the API resource indicator, without organization_id.
  app.get(
    '/api/protected',
    requireAuth(guard, globalApi({ scopes: ['api:read', 'api:write'] })),
    (req, res) => {
      res.json({ auth: req.auth });
    },
  );

  app.get('/api/products', requireAuth(guard, globalApi({ scopes: ['read:products'] })), (req, res) => {
    res.json({ products: store.listProducts(), auth: req.auth });
  });

  app.post('/api/orders', requireAuth(guard, globalApi({ scopes: ['write:orders'] })), json, (req, res) => {
    const parsed = parseOrder(req.body);
    if (!parsed.ok) return badRequest(res, parsed.problems);
    const order = store.addOrder({ ...parsed.value, createdBy: req.auth!.sub });
    res.status(201).json({ order, auth: req.auth });
  });

  // Organization permissions: organization tokens (aud urn:logto:organization:<id>) for the path's organization.
  app.get(
    '/api/organizations/:organizationId/members',
    requireAuth(guard, organizationPermissions({ scopes: ['read:members'] })),
    (req, res) => {
      const organizationId = organizationOf(req);
      res.json({ organizationId, members: store.listMembers(organizationId), auth: req.auth });
    },
  );

  app.post(
    '/api/organizations/:organizationId/invitations',
    requireAuth(guard, organizationPermissions({ scopes: ['invite:member'] })),
    json,
    (req, res) => {
      const parsed = parseInvitation(req.body);
      if (!parsed.ok) return badRequest(res, parsed.problems);
      const organizationId = organizationOf(req);
      const invitation = store.addInvitation({ ...parsed.value, organizationId, invitedBy: req.auth!.sub });
      res.status(201).json({ invitation, auth: req.auth });
    },
  );

  // Organization-level API resource: API tokens whose organization_id is the path's organization.
  app.get(
    '/api/organizations/:organizationId/projects',
    requireAuth(guard, organizationApi({ scopes: ['read:projects'] })),
    (req, res) => {
      const organizationId = organizationOf(req);
      res.json({ organizationId, projects: store.listProjects(organizationId), auth: req.auth });
    },
  );

  registerApiDocs(app, guard);
  if (playground !== undefined) registerPlayground(app, playground);

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found' });
  });
  app.use(createErrorHandler(guard));
  return app;
}
