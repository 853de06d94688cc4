/**
 * The gateway's bin as a process: SIGHUP reloads the rules file (a bad file is refused and the rules in
 * force stay), SIGTERM drains and exits 0. Tokens from the dev issuer; no nginx needed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  DEFAULT_API_RESOURCE,
  DEFAULT_APPLICATIONS,
  type DevIssuer,
  requestClientCredentialsToken,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Child, freePort, waitFor } from './processes.js';
import { canRun } from './requirements.js';

const gatewayBin = fileURLToPath(new URL('../../../packages/gateway/dist/bin.js', import.meta.url));

describe.skipIf(!canRun)('gateway process: signals', { timeout: 60_000 }, () => {
  let issuer: DevIssuer;
  let token: string;
  const children: Child[] = [];

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
    const { fullAccess } = DEFAULT_APPLICATIONS;
    ({ access_token: token } = await requestClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: fullAccess.id,
      clientSecret: fullAccess.secret,
      resource: DEFAULT_API_RESOURCE,
      scope: 'api:read',
    }));
  });

  afterAll(async () => {
    await Promise.all(children.map((child) => child.terminate()));
    await issuer?.close();
  });

  it('reloads the rules on SIGHUP, refuses a bad file keeping the rules in force, exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logto-guard-signals-'));
    const file = join(dir, 'gateway.yaml');
    const port = await freePort();
    const head = `guard:\n  endpoint: ${issuer.url}\n  audience: ${DEFAULT_API_RESOURCE}\nlisten:\n  port: ${port}\n`;
    const withRule = (path: string) =>
      `${head}rules:\n  - path: ${path}\n    policy: { model: global-api, scopes: [api:read] }\n`;
    writeFileSync(file, withRule('/before'));
    const gateway = new Child(process.execPath, [gatewayBin, '--config', file]);
    children.push(gateway);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/_gateway/readyz`, gateway);
    const status = async (path: string) =>
      (await fetch(`${url}/auth${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
    expect(await status('/before')).toBe(200);
    expect(await status('/after')).toBe(403);

    writeFileSync(file, withRule('/after'));
    gateway.process.kill('SIGHUP');
    // The reload is asynchronous: wait for its log line, then the new rules are in force.
    await until(() => gateway.output.includes('"event":"reloaded"'), gateway);
    expect(await status('/after')).toBe(200);
    expect(await status('/before')).toBe(403);

    writeFileSync(file, `${head}rules:\n  - path: /broken\n    policy: { model: global-api, scope: [x] }\n`);
    gateway.process.kill('SIGHUP');
    await until(() => gateway.output.includes('"event":"reload_refused"'), gateway);
    expect(gateway.output).toContain('field \\"policy.scope\\": is not a known field');
    expect(await status('/after')).toBe(200);

    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(gateway.output).toContain('"event":"closed"');
  });
});

/** Polls `condition` (a process's output) until it holds; fails with the output after 30 s. */
async function until(condition: () => boolean, child: Child): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition never held:\n${child.output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
