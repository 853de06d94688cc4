/** Koa with @koa/router: guards on parent routers, child routers and parameterized mounts. */
import Router from '@koa/router';
import { listenOnFreePort } from '@logto-guard/test-support';
import Koa from 'koa';
import { globalApi, organizationApi } from '../../src/core/index.js';
import { type LogtoGuardState, requireAuth } from '../../src/koa/index.js';
import { runMountContract } from '../contract/mounts.js';

const body = (ctx: Koa.ParameterizedContext<LogtoGuardState>) => {
  ctx.body = { sub: ctx.state.auth?.sub, organizationId: ctx.state.auth?.organizationId ?? null };
};

runMountContract('koa router', {
  start: (guard) => {
    const api = new Router<LogtoGuardState>({ prefix: '/api' });
    api.use(requireAuth(guard, globalApi({ scopes: ['read'] })));
    const admin = new Router<LogtoGuardState>();
    admin.get('/settings', requireAuth(guard, globalApi({ scopes: ['admin'] })), body);
    admin.get('/status', body);
    api.use('/admin', admin.routes());

    const orgs = new Router<LogtoGuardState>();
    const projects = new Router<LogtoGuardState>();
    projects.get('/projects', body);
    orgs.use('/orgs/:organizationId', requireAuth(guard, organizationApi()), projects.routes());

    const teams = new Router<LogtoGuardState>();
    const members = new Router<LogtoGuardState>();
    members.use(requireAuth(guard, organizationApi()));
    members.get('/members', body);
    teams.use('/teams/:organizationId', members.routes());

    const prefixed = new Router<LogtoGuardState>({ prefix: '/v1/orgs/:organizationId' });
    prefixed.use(requireAuth(guard, organizationApi()));
    prefixed.get('/projects', body);

    const health = new Router();
    health.get('/health', (ctx) => {
      ctx.body = { ok: true };
    });
    const app = new Koa<LogtoGuardState>();
    for (const router of [health, api, orgs, teams, prefixed]) app.use(router.routes());
    return listenOnFreePort(app as Koa);
  },
  organizationPaths: [
    ['a guard on the parameterized mount', '/orgs/:id/projects'],
    ['a guard in a child router mounted under a parameter', '/teams/:id/members'],
    ['a guard in a router whose prefix holds the parameter', '/v1/orgs/:id/projects'],
  ],
});
