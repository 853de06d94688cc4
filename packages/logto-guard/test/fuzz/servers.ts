/**
 * One server per adapter for the fuzz and the soak, on 127.0.0.1 with a random port, each mounting the
 * four fuzzed routes; every handler answers 200 `{ "auth": <identity or null> }`.
 */
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { listenOnFreePort, serveFetch } from '@logto-guard/test-support';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import {
  type AuthInfo,
  type Guard,
  globalApi,
  organizationApi,
  organizationPermissions,
  type Policy,
} from '../../src/core/index.js';
import { requireAuth as expressAuth } from '../../src/express/index.js';
import { requireAuth as fastifyAuth, logtoGuard } from '../../src/fastify/index.js';
import { withAuth } from '../../src/fetch/index.js';
import { requireAuth as honoAuth } from '../../src/hono/index.js';
import { requireAuth as koaAuth } from '../../src/koa/index.js';
import { Auth, LogtoAuthGuard, LogtoGuardModule, RequireAuth } from '../../src/nestjs/index.js';

export const routes = {
  products: { path: '/api/products', policy: globalApi({ scopes: ['read:products'] }) },
  optional: { path: '/api/optional', policy: globalApi({ optional: true }) },
  members: {
    path: '/orgs/:organizationId/members',
    policy: organizationPermissions({ scopes: ['read:members'] }),
  },
  projects: {
    path: '/orgs/:organizationId/projects',
    policy: organizationApi({ scopes: ['read:projects'] }),
  },
} as const;
export type RouteName = keyof typeof routes;
export const urlPath = (route: RouteName, organizationId: string) =>
  routes[route].path.replace(':organizationId', encodeURIComponent(organizationId));

export interface AdapterServer {
  name: string;
  url: string;
  close(): Promise<void>;
}
export const adapterNames = ['express', 'fastify', 'hono', 'koa', 'nestjs', 'fetch'] as const;
type Adapter = (typeof adapterNames)[number];

const entries = Object.values(routes) as { path: string; policy: Policy<unknown> }[];

async function start(adapter: Adapter, guard: Guard): Promise<Omit<AdapterServer, 'name'>> {
  switch (adapter) {
    case 'express': {
      const app = express();
      for (const { path, policy } of entries) {
        app.get(path, expressAuth(guard, policy), (req, res) => {
          res.json({ auth: req.auth ?? null });
        });
      }
      return listenOnFreePort(app);
    }
    case 'fastify': {
      const app = Fastify();
      await app.register(logtoGuard, { guard });
      for (const { path, policy } of entries) {
        app.get(path, { preHandler: fastifyAuth(guard, policy) }, async (request) => ({
          auth: request.auth,
        }));
      }
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    }
    case 'hono': {
      const app = new Hono();
      for (const { path, policy } of entries) {
        app.get(path, honoAuth(guard, policy), (c) => c.json({ auth: c.get('auth') ?? null }));
      }
      return serveFetch(app.fetch);
    }
    case 'koa': {
      const app = new Koa();
      const router = new Router();
      for (const { path, policy } of entries) {
        router.get(path, koaAuth(guard, policy), (ctx) => {
          ctx.body = { auth: ctx.state.auth ?? null };
        });
      }
      app.use(router.routes());
      return listenOnFreePort(app);
    }
    case 'nestjs': {
      @Controller()
      class FuzzController {
        @Get(routes.products.path) @RequireAuth(routes.products.policy) products(@Auth() auth?: AuthInfo) {
          return { auth: auth ?? null };
        }
        @Get(routes.optional.path) @RequireAuth(routes.optional.policy) optional(@Auth() auth?: AuthInfo) {
          return { auth: auth ?? null };
        }
        @Get(routes.members.path) @RequireAuth(routes.members.policy) members(@Auth() auth?: AuthInfo) {
          return { auth: auth ?? null };
        }
        @Get(routes.projects.path) @RequireAuth(routes.projects.policy) projects(@Auth() auth?: AuthInfo) {
          return { auth: auth ?? null };
        }
      }
      @Module({
        imports: [LogtoGuardModule.forRoot({ guard })],
        controllers: [FuzzController],
        providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
      })
      class FuzzModule {}
      const app = await NestFactory.create(FuzzModule, { logger: false });
      await app.listen(0, '127.0.0.1');
      const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    }
    case 'fetch': {
      const handlers = new Map(
        entries.map(({ path, policy }) => [
          path,
          withAuth(guard, policy, (_request: Request, auth) => Response.json({ auth: auth ?? null }), {
            params: (request: Request) => ({ organizationId: new URL(request.url).pathname.split('/')[2] }),
          }),
        ]),
      );
      return serveFetch((request) => {
        const pathname = new URL(request.url).pathname;
        const path = pathname.startsWith('/orgs/')
          ? `/orgs/:organizationId/${pathname.split('/')[3]}`
          : pathname;
        const handler = handlers.get(path);
        return handler ? handler(request) : new Response('not found', { status: 404 });
      });
    }
  }
}

/** Starts every adapter's server for `guard`. */
export async function startAdapters(guard: Guard): Promise<AdapterServer[]> {
  const servers: AdapterServer[] = [];
  for (const name of adapterNames) servers.push({ name, ...(await start(name, guard)) });
  return servers;
}
