/**
 * `passErrors` with the frameworks' default error handlers and no handler of the app's own: failures
 * still get their status and challenge. The body is the framework's: the rendered JSON where the
 * framework can carry it (Hono through `getResponse()`, NestJS, which has no `passErrors` and answers
 * its `HttpException` with the rendered body), Fastify's JSON error body, Koa's text (the error's fixed
 * message for a 401/403, the status text for a 503), Express's HTML page.
 */
import 'reflect-metadata';
import Router from '@koa/router';
import { listenOnFreePort, serveFetch } from '@logto-guard/test-support';
import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGuard, type Guard, globalApi } from '../src/core/index.js';
import { requireAuth as expressAuth } from '../src/express/index.js';
import { requireAuth as fastifyAuth, logtoGuard } from '../src/fastify/index.js';
import { requireAuth as honoAuth } from '../src/hono/index.js';
import { requireAuth as koaAuth } from '../src/koa/index.js';
import { LogtoAuthGuard, LogtoGuardModule, RequireAuth } from '../src/nestjs/index.js';
import { createTestIssuer, type TestIssuer } from '../src/testing/index.js';
import { API } from './contract/contract.js';
import { listenNest } from './support/nest.js';

const policy = globalApi({ scopes: ['read:products'] });
const options = { passErrors: true };
type Server = { url: string; close(): Promise<void> };
type Body = 'contract' | 'fastify' | 'koa' | 'html';

async function nest(guard: Guard, platform: 'express' | 'fastify'): Promise<Server> {
  @Controller()
  class XController {
    @Get('x') @RequireAuth(policy) x() {
      return {};
    }
  }
  @Module({
    imports: [LogtoGuardModule.forRoot({ guard })],
    controllers: [XController],
    providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
  })
  class AppModule {}
  return listenNest(AppModule, platform);
}

const adapters: Array<[string, (guard: Guard) => Promise<Server>, Body]> = [
  [
    'express',
    (guard) => {
      const app = express();
      app.get('/x', expressAuth(guard, policy, options), (_req, res) => {
        res.json({});
      });
      return listenOnFreePort(app);
    },
    'html',
  ],
  [
    'fastify',
    async (guard) => {
      const app = Fastify();
      await app.register(logtoGuard, { guard });
      app.get('/x', { onRequest: fastifyAuth(guard, policy, options) }, async () => ({}));
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    },
    'fastify',
  ],
  [
    'hono',
    (guard) => serveFetch(new Hono().get('/x', honoAuth(guard, policy, options), (c) => c.json({})).fetch),
    'contract',
  ],
  [
    'koa',
    (guard) => {
      // Not silent: Koa's default error handler logs what it does not take for a client error.
      const app = new Koa();
      const router = new Router();
      router.get('/x', koaAuth(guard, policy, options), (ctx) => {
        ctx.body = {};
      });
      app.use(router.routes());
      return listenOnFreePort(app);
    },
    'koa',
  ],
  ['nestjs (express)', (guard) => nest(guard, 'express'), 'contract'],
  ['nestjs (fastify)', (guard) => nest(guard, 'fastify'), 'contract'],
];

describe.each(adapters)('%s passErrors with the default error handler', (_name, start, bodyType) => {
  let issuer: TestIssuer;
  let server: Server;
  let down: Server;
  let logged: ReturnType<typeof vi.spyOn>;
  beforeAll(async () => {
    issuer = await createTestIssuer();
    server = await start(createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch }));
    const unreachable = () => Promise.reject(new TypeError('fetch failed'));
    down = await start(createGuard({ endpoint: issuer.endpoint, audience: API, fetch: unreachable }));
  });
  afterAll(async () => {
    await server?.close();
    await down?.close();
    await issuer?.close();
  });
  beforeEach(() => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => logged.mockRestore());

  it.each([
    [
      'no token',
      undefined,
      401,
      'Bearer realm="api"',
      'Authorization header is missing',
      'Authorization header is missing',
    ],
    [
      'a bad token',
      'Bearer not-a-jwt',
      401,
      'Bearer realm="api", error="invalid_token"',
      'Invalid token',
      'Token is not a well-formed JWS',
    ],
    [
      'a missing scope',
      'scoped',
      403,
      'Bearer realm="api", error="insufficient_scope", scope="read:products"',
      'Insufficient scope',
      'Token lacks the scopes this route needs',
    ],
  ])(
    'answers %s with its status and challenge',
    async (_case, authorization, status, challenge, message, detail) => {
      const header = authorization === 'scoped' ? `Bearer ${await issuer.mintApiToken(API)}` : authorization;
      const response = await fetch(`${server.url}/x`, {
        headers: header === undefined ? {} : { authorization: header },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('www-authenticate')).toBe(challenge);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const text = await response.text();
      if (bodyType === 'fastify') expect(JSON.parse(text)).toMatchObject({ statusCode: status });
      if (bodyType === 'contract') expect(JSON.parse(text)).toEqual({ error: message });
      if (bodyType === 'koa') {
        // A client error, as Koa's own ctx.throw(401) makes it: its fixed message, and no stack trace logged.
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(text).toBe(detail);
        expect(logged).not.toHaveBeenCalled();
      }
      if (header !== undefined) expect(text).not.toContain(header.slice(7));
    },
  );

  it('answers an unreachable Logto with 503 and Retry-After', async () => {
    const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
    const response = await fetch(`${down.url}/x`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const text = await response.text();
    if (bodyType === 'contract')
      expect(JSON.parse(text)).toEqual({ error: 'Authorization server unavailable' });
    // Not the client's fault: Koa answers the status text and logs it.
    if (bodyType === 'koa') expect(text).toBe('Service Unavailable');
    expect(text).not.toContain(token);
  });
});
