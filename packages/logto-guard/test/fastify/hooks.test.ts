import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuard, type Guard, globalApi } from '../../src/core/index.js';
import { logtoGuard, requireAuth } from '../../src/fastify/index.js';
import { createTestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';
import { observed, slowLogto, unwritable, watchProcess } from '../support/survival.js';

const schema = {
  body: {
    type: 'object',
    required: ['secretInternalField'],
    properties: { secretInternalField: { type: 'string' } },
  },
};

async function listen(app: FastifyInstance) {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

describe('fastify: authentication in onRequest (the README wiring)', () => {
  it('answers an anonymous request 401 before its body is parsed or validated', async () => {
    const guard = createGuard({ endpoint: 'https://logto.test', audience: API });
    const app = Fastify({ bodyLimit: 1024 });
    await app.register(logtoGuard, { guard });
    let parsed = false;
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      parsed = true;
      done(null, JSON.parse(body as string));
    });
    app.post('/orders', { onRequest: requireAuth(guard, globalApi()), schema }, async () => ({ ok: true }));
    const server = await listen(app);
    try {
      for (const body of ['{"wrong":1}', JSON.stringify({ pad: 'x'.repeat(10_000) })]) {
        const response = await fetch(`${server.url}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
        const text = await response.text();
        expect(JSON.parse(text)).toEqual({ error: 'Authorization header is missing' });
        expect(text).not.toContain('secretInternalField');
      }
      expect(parsed).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('reads route parameters in onRequest: organization routes work there', async () => {
    const issuer = await createTestIssuer();
    const guard = createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch });
    const app = Fastify();
    await app.register(logtoGuard, { guard });
    const { organizationApi } = await import('../../src/core/index.js');
    app.get(
      '/orgs/:organizationId/projects',
      { onRequest: requireAuth(guard, organizationApi()) },
      async (r) => ({
        organizationId: r.auth?.organizationId,
      }),
    );
    const server = await listen(app);
    try {
      const token = await issuer.mintOrganizationApiToken(API, 'org-a');
      const ask = (org: string) =>
        fetch(`${server.url}/orgs/${org}/projects`, { headers: { authorization: `Bearer ${token}` } });
      expect(await (await ask('org-a')).json()).toEqual({ organizationId: 'org-a' });
      expect((await ask('org-b')).status).toBe(403);
    } finally {
      await server.close();
      await issuer.close();
    }
  });
});

describe('fastify: a request never ends the process', () => {
  let watch: ReturnType<typeof watchProcess>;
  beforeEach(() => {
    watch = watchProcess();
  });
  afterEach(() => watch.stop());

  async function serve(guard: Guard, timeout?: Promise<void>) {
    const app = Fastify({ logger: false });
    await app.register(logtoGuard, { guard });
    // A request-timeout hook on the route: it answers once the guard is waiting for Logto.
    const answerOnTimeout = (_request: unknown, reply: FastifyReply, done: () => void) => {
      timeout?.then(() => reply.code(504).send({ error: 'timeout' }));
      done();
    };
    app.get('/health', async () => ({ ok: true }));
    app.get(
      '/api/products',
      { onRequest: [answerOnTimeout, requireAuth(guard, globalApi())] },
      async (r) => ({
        sub: r.auth?.sub,
      }),
    );
    return listen(app);
  }

  it('leaves alone a reply another hook sent while the guard waited for a slow Logto', async () => {
    const logto = slowLogto();
    const { guard, checked } = observed(
      createGuard({ endpoint: 'https://logto.test', audience: API, fetch: logto.fetch }),
    );
    const server = await serve(guard, logto.asked);
    try {
      const token = await (await createTestIssuer()).mintApiToken(API, { header: { kid: 'made-up' } });
      const response = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(504);
      logto.fail();
      await checked;
      expect(watch.seen).toEqual([]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("hands an answer Node refuses to write to Fastify's error handling", async () => {
    const { guard, checked } = observed(
      unwritable(createGuard({ endpoint: 'https://logto.test', audience: API })),
    );
    const server = await serve(guard);
    try {
      const response = await fetch(`${server.url}/api/products`);
      // Fastify's own error handling answered it (keeping the status already set), not the process.
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'ERR_INVALID_CHAR' });
      await checked;
      expect(watch.seen).toEqual([]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
