/**
 * `logto-guard dev`: the dev issuer as a process, reachable over HTTP, stopped by a signal.
 */
import { rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnFreePort } from '@logto-guard/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { killChildren, runCli, startCli } from './helpers.js';

const files: string[] = [];
afterEach(async () => {
  killChildren();
  await Promise.all(files.splice(0).map((file) => rm(file, { force: true })));
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('logto-guard dev', () => {
  it('starts on a free port, serves tokens, and exits 0 on SIGTERM, freeing the port', async () => {
    const dev = startCli(['dev', '--port', '0']);
    const [, url] = await dev.waitForOutput(/running at (http:\/\/127\.0\.0\.1:\d+)\n/);
    const base = url as string;
    expect(dev.child.exitCode).toBeNull();
    const discovery = (await (await fetch(`${base}/oidc/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    expect(discovery.issuer).toBe(`${base}/oidc`);

    const token = await runCli([
      'token',
      '--endpoint',
      base,
      '--client-id',
      'm2m-read-only',
      '--client-secret',
      'm2m-read-only-secret',
      '--resource',
      'https://api.example.com',
      '--scope',
      'api:read',
    ]);
    expect(token.code).toBe(0);
    const inspected = await runCli([
      'inspect',
      '--endpoint',
      base,
      '--audience',
      'https://api.example.com',
      '--scope',
      'api:read',
      token.stdout.trim(),
    ]);
    expect(inspected.code).toBe(0);

    dev.child.kill('SIGTERM');
    const result = await dev.exited;
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain('m2m-full-access / m2m-full-access-secret');
    expect(result.stderr).toContain('dev issuer stopped (SIGTERM)');
    expect(await portIsFree(Number(new URL(base).port))).toBe(true);
  });

  it('serves a world file and signs with --alg RS256', async () => {
    const file = join(tmpdir(), `logto-guard-cli-world-${process.pid}.json`);
    const world = {
      resources: [{ indicator: 'https://orders.example.com', permissions: ['read:orders'] }],
      roles: [
        {
          name: 'reader',
          permissions: [{ resource: 'https://orders.example.com', scopes: ['read:orders'] }],
        },
      ],
      applications: [{ id: 'orders-app', secret: 'orders-secret', roles: ['reader'] }],
    };
    files.push(file);
    await writeFile(file, JSON.stringify(world));
    const dev = startCli(['dev', '--port', '0', '--config', file, '--alg', 'RS256']);
    await dev.waitForOutput(/Press Ctrl\+C to stop\./);
    dev.child.kill('SIGINT');
    const result = await dev.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('signing   RS256');
    expect(result.stdout).toContain('orders-app / orders-secret');
  });

  it('rejects an invalid config file with the file, path and problem (exit 2)', async () => {
    const file = join(tmpdir(), `logto-guard-cli-bad-world-${process.pid}.json`);
    files.push(file);
    await writeFile(file, JSON.stringify({ resources: [], applications: [{ id: 'a' }] }));
    const result = await runCli(['dev', '--port', '0', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Invalid dev issuer config ${file}`);
    expect(result.stderr).toMatch(/applications\[0\]\.secret/);
  });

  it('rejects a bad --port or --alg as usage errors (exit 2)', async () => {
    const port = await runCli(['dev', '--port', 'http']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be an integer from 0 to 65535');
    const alg = await runCli(['dev', '--alg', 'HS256']);
    expect(alg.code).toBe(2);
  });

  it('rejects a port in use (exit 1)', async () => {
    const blocker = await listenOnFreePort(createHttpServer());
    try {
      const port = Number(new URL(blocker.url).port);
      const result = await runCli(['dev', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: cannot listen on 127.0.0.1:${port}`);
    } finally {
      await blocker.close();
    }
  });
});
