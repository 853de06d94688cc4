import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { logtoGuard, requireAuth } from '../../src/fastify/index.js';
import { createTestIssuer } from '../../src/testing/index.js';
import { API } from '../contract/contract.js';

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
