import { listenOnFreePort } from '@logto-guard/test-support';
import express from 'express';
import express4 from 'express4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuard, type Guard, globalApi } from '../../src/core/index.js';
import { requireAuth } from '../../src/express/index.js';
import { createTestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';
import { observed, slowLogto, unwritable, watchProcess } from '../support/survival.js';

type App = ReturnType<typeof express>;
const versions: Array<[string, () => App]> = [
  ['express 5', express],
  ['express 4', express4 as unknown as () => App],
];

describe.each(versions)('%s: a request never ends the process', (_name, createApp) => {
  let watch: ReturnType<typeof watchProcess>;
  beforeEach(() => {
    watch = watchProcess();
  });
  afterEach(() => watch.stop());

  async function serve(guard: Guard, before?: express.RequestHandler, passErrors = false) {
    const app = createApp();
    if (before) app.use(before);
    app.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/api/products', requireAuth(guard, globalApi(), { passErrors }), (req, res) => {
      res.json({ sub: req.auth?.sub });
    });
    return listenOnFreePort(app);
  }

  it('leaves alone a response another middleware sent while the guard waited for a slow Logto', async () => {
    const logto = slowLogto();
    const { guard, checked } = observed(
      createGuard({ endpoint: 'https://logto.test', audience: API, fetch: logto.fetch }),
    );
    // A request-timeout middleware: it answers once the guard is waiting for Logto.
    const timeout: express.RequestHandler = (_req, res, next) => {
      logto.asked.then(() => res.status(504).json({ error: 'timeout' }));
      next();
    };
    const server = await serve(guard, timeout);
    try {
      const token = await (await createTestIssuer()).mintApiToken(API, { header: { kid: 'made-up' } });
      const response = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(504);
      expect(await response.json()).toEqual({ error: 'timeout' });
      logto.fail();
      await checked;
      expect(watch.seen).toEqual([]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('leaves alone a sent response on success too: the route handler does not run', async () => {
    const issuer = await createTestIssuer({ listen: true });
    let ran = false;
    const slow = await issuer.mintApiToken(API);
    const real = createGuard({ endpoint: issuer.endpoint, audience: API });
    let answered!: () => void;
    const sent = new Promise<void>((resolve) => {
      answered = resolve;
    });
    // The guard's check starts only after the other middleware has answered.
    const delayed: Guard = { ...real, check: (input, policy) => sent.then(() => real.check(input, policy)) };
    const { guard, checked } = observed(delayed);
    const app = createApp();
    app.use((_req, res, next) => {
      res.status(504).json({ error: 'timeout' });
      answered();
      next();
    });
    app.get('/api/products', requireAuth(guard, globalApi()), (_req, res) => {
      ran = true;
      res.json({});
    });
    const server = await listenOnFreePort(app);
    try {
      const response = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${slow}` },
      });
      expect(response.status).toBe(504);
      await checked;
      expect(ran).toBe(false);
      expect(watch.seen).toEqual([]);
    } finally {
      await server.close();
      await issuer.close();
    }
  });

  it.each([false, true])(
    'hands an answer Node refuses to write to the error handler (passErrors %s)',
    async (passErrors) => {
      const { guard, checked } = observed(
        unwritable(createGuard({ endpoint: 'https://logto.test', audience: API })),
      );
      const server = await serve(guard, undefined, passErrors);
      try {
        const response = await fetch(`${server.url}/api/products`);
        // Express's own error handler answered (HTML, with the status already set): the failure reached
        // the framework, not the process.
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        await checked;
        expect(watch.seen).toEqual([]);
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
      } finally {
        await server.close();
      }
    },
  );
});
