import { createTestIssuer } from 'logto-guard/testing';
import { describe, expect, it } from 'vitest';
import { bundle } from './support/build.js';
import { bin, deno, spawnServer } from './support/runtimes.js';
import { describeRuntime } from './support/suite.js';

describeRuntime(deno);

describe.skipIf(deno.version === undefined)('Deno: deno serve', () => {
  it('serves a module whose default export is the Hono app (the README shape)', async () => {
    const issuer = await createTestIssuer({ listen: true });
    const script = await bundle('default-export.ts', 'server', {
      ISSUER_ENDPOINT: JSON.stringify(issuer.endpoint),
    });
    const server = await spawnServer(bin('deno/deno'), [
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--allow-net=127.0.0.1',
      script,
    ]);
    try {
      expect((await fetch(`${server.url}/api/products`)).status).toBe(401);
      const token = await issuer.mintApiToken('https://api.example.com', { scopes: ['read:products'] });
      const response = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ auth: expect.objectContaining({ scopes: ['read:products'] }) });
    } finally {
      await server.close();
      await issuer.close();
    }
  });
});
