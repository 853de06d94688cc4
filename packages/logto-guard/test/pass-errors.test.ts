/**
 * `passErrors` with the frameworks' default error handlers and no handler of the app's own: failures
 * still get their status and challenge (and, where the framework answers JSON, the JSON body).
 */
import Router from '@koa/router';
import { listenOnFreePort, serveFetch } from '@logto-guard/test-support';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuard, type Guard, globalApi } from '../src/core/index.js';
import { requireAuth as expressAuth } from '../src/express/index.js';
import { requireAuth as fastifyAuth, logtoGuard } from '../src/fastify/index.js';
import { requireAuth as honoAuth } from '../src/hono/index.js';
import { requireAuth as koaAuth } from '../src/koa/index.js';
import { createTestIssuer, type TestIssuer } from '../src/testing/index.js';
import { API } from './contract/contract.js';

const policy = globalApi({ scopes: ['read:products'] });
const options = { passErrors: true };
type Server = { url: string; close(): Promise<void> };

const adapters: Array<[string, (guard: Guard) => Promise<Server>, 'contract' | 'json' | 'text' | 'html']> = [
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
    'json',
  ],
  [
    'hono',
    (guard) => serveFetch(new Hono().get('/x', honoAuth(guard, policy, options), (c) => c.json({})).fetch),
    'contract',
  ],
  [
    'koa',
    (guard) => {
      const app = new Koa();
      app.silent = true;
      const router = new Router();
      router.get('/x', koaAuth(guard, policy, options), (ctx) => {
        ctx.body = {};
      });
      app.use(router.routes());
      return listenOnFreePort(app);
    },
    'text',
  ],
];

describe.each(adapters)('%s passErrors with the default error handler', (_name, start, bodyType) => {
  let issuer: TestIssuer;
  let server: Server;
  beforeAll(async () => {
    issuer = await createTestIssuer();
    server = await start(createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch }));
  });
  afterAll(async () => {
    await server?.close();
    await issuer?.close();
  });

  it.each([
    ['no token', undefined, 401, 'Bearer realm="api"', 'Authorization header is missing'],
    ['a bad token', 'Bearer not-a-jwt', 401, 'Bearer realm="api", error="invalid_token"', 'Invalid token'],
    [
      'a missing scope',
      'scoped',
      403,
      'Bearer realm="api", error="insufficient_scope", scope="read:products"',
      'Insufficient scope',
    ],
  ])('answers %s with its status and challenge', async (_case, authorization, status, challenge, message) => {
    const header = authorization === 'scoped' ? `Bearer ${await issuer.mintApiToken(API)}` : authorization;
    const response = await fetch(`${server.url}/x`, {
      headers: header === undefined ? {} : { authorization: header },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('www-authenticate')).toBe(challenge);
    const text = await response.text();
    if (bodyType === 'json') expect(JSON.parse(text)).toMatchObject({ message: expect.any(String) });
    // Koa: the status text, as the renderer's body says no more than the class of failure.
    if (bodyType === 'text') expect(text).toBe(status === 401 ? 'Unauthorized' : 'Forbidden');
    // Hono: the rendered answer itself.
    if (bodyType === 'contract') expect(JSON.parse(text)).toEqual({ error: message });
    if (header !== undefined) expect(text).not.toContain(header.slice(7));
  });
});
