import { readFile } from 'node:fs/promises';
import { createTestIssuer } from 'logto-guard/testing';
import { describe, expect, it } from 'vitest';
import { bundle } from './support/build.js';
import { startWorker, workerd } from './support/runtimes.js';
import { describeRuntime } from './support/suite.js';

describeRuntime(workerd);

describe.skipIf(workerd.version === undefined)('Workers: the guard at module scope', () => {
  it('a Worker made as the README shows (export default app) loads and protects its route', async () => {
    const issuer = await createTestIssuer({ listen: true });
    const script = await bundle('default-export.ts', 'worker', {
      ISSUER_ENDPOINT: JSON.stringify(issuer.endpoint),
    });
    const worker = await startWorker(script);
    try {
      expect((await fetch(`${worker.url}/api/products`)).status).toBe(401);
      const token = await issuer.mintApiToken('https://api.example.com', { scopes: ['read:products'] });
      const response = await fetch(`${worker.url}/api/products`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ auth: expect.objectContaining({ scopes: ['read:products'] }) });
    } finally {
      await worker.close();
      await issuer.close();
    }
  });

  it('the Worker bundle imports nothing from node:* (it runs without nodejs_compat)', async () => {
    const text = await readFile(await bundle('worker.ts', 'worker'), 'utf8');
    expect(text).toContain('SubtleCrypto.prototype.verify');
    expect(text.match(/\b(?:import|from|require\()\s*["']node:[^"']+["']/g)).toBeNull();
  });
});
