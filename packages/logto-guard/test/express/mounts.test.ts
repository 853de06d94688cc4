/** Express routers: guards on `app.use` mounts, child routers and parameterized mounts. */
import { listenOnFreePort } from '@logto-guard/test-support';
import express, { type Request, type Response } from 'express';
import { globalApi, organizationApi } from '../../src/core/index.js';
import { requireAuth } from '../../src/express/index.js';
import { runMountContract } from '../contract/mounts.js';

const body = (req: Request, res: Response) => {
  res.json({ sub: req.auth?.sub, organizationId: req.auth?.organizationId ?? null });
};

runMountContract('express routers', {
  start: (guard) => {
    const app = express();
    app.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    const admin = express.Router();
    admin.get('/settings', requireAuth(guard, globalApi({ scopes: ['admin'] })), body);
    admin.get('/status', body);
    const api = express.Router();
    api.use('/admin', admin);
    app.use('/api', requireAuth(guard, globalApi({ scopes: ['read'] })), api);

    const projects = express.Router();
    projects.get('/projects', body);
    app.use('/orgs/:organizationId', requireAuth(guard, organizationApi()), projects);

    const members = express.Router({ mergeParams: true });
    members.use(requireAuth(guard, organizationApi()));
    members.get('/members', body);
    app.use('/teams/:organizationId', members);
    return listenOnFreePort(app);
  },
  organizationPaths: [
    ['a guard on the parameterized mount', '/orgs/:id/projects'],
    ['a guard in a child router with mergeParams', '/teams/:id/members'],
  ],
});
