/**
 * Next.js App Router: route handlers protected with `withAuth` (GET and POST, the exports Next.js serves)
 * a route handler on the Edge runtime, and a `middleware.ts` that protects the `/api/admin` prefix. The app (next-app/) is
 * built once with `next build` and served with `next start` on a free port; tokens come from the dev
 * issuer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_API_RESOURCE as API,
  DEFAULT_APPLICATIONS as APPS,
  type DevIssuer,
  DEFAULT_ORGANIZATIONS as ORGS,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIssuerToken, type TokenRequest } from './support/dev-issuer.js';

const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');
const nextVersion: string = require('next/package.json').version;
const appUrl = new URL('../next-app/', import.meta.url);
const appDir = fileURLToPath(appUrl);

/**
 * Runs `next <args>` in the app folder; resolves with its output when it exits 0, or when `ready` shows
 * in its output.
 */
function next(args: string[], env: Record<string, string>, ready?: RegExp) {
  const child: ChildProcess = spawn(process.execPath, [nextBin, ...args], {
    cwd: appDir,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const done = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready?.test(output)) resolve(output);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`next ${args.join(' ')} exited (${code}):\n${output}`)),
    );
  });
  return { child, done };
}

describe(`Next.js ${nextVersion} (App Router, next build + next start)`, () => {
  let issuer: DevIssuer;
  let server: ChildProcess | undefined;
  let url: string;
  const token = (app: keyof typeof APPS, request: TokenRequest) => devIssuerToken(issuer, app, request);
  const call = async (path: string, access?: string, method = 'GET') => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: access === undefined ? {} : { authorization: `Bearer ${access}` },
    });
    return { response, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    issuer = await startDevIssuer({ port: 0 });
    // The endpoint is read when the app runs: the build gets one nobody listens on.
    await next(['build'], { LOGTO_ENDPOINT: 'http://127.0.0.1:9' }).done;
    // Port 0: the system picks a free port, which `next start` prints as its Local address.
    const start = next(
      ['start', '--port', '0', '--hostname', '127.0.0.1'],
      { LOGTO_ENDPOINT: issuer.url, API_RESOURCE: API },
      /Ready in/,
    );
    server = start.child;
    url = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(await start.done)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  }, 240_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await issuer?.close();
  });

  it('GET route handler: global API resource', async () => {
    const access = await token('fullAccess', { resource: API, scope: 'read:products' });
    const { response, body } = await call('/api/products', access);
    expect(response.status).toBe(200);
    expect(body).toEqual({
      auth: expect.objectContaining({ sub: APPS.fullAccess.id, scopes: ['read:products'] }),
    });
    // Route handlers run on Node.js: the node:crypto path.
    expect(response.headers.get('x-signature-path')).toBe('node');
  });

  it('GET route handler: rejects a request without a token with 401 and the challenge', async () => {
    const { response, body } = await call('/api/products');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    expect(body).toEqual({ error: 'Authorization header is missing' });
  });

  it('GET route handler: organization permissions, from the params Next.js passes', async () => {
    const access = await token('fullAccess', { organizationId: ORGS.acme, scope: 'read:members' });
    const own = await call(`/api/organizations/${ORGS.acme}/members`, access);
    expect(own.response.status).toBe(200);
    expect(own.body).toEqual({
      auth: expect.objectContaining({
        audience: [`urn:logto:organization:${ORGS.acme}`],
        scopes: ['read:members'],
      }),
    });
    expect((await call(`/api/organizations/${ORGS.globex}/members`, access)).response.status).toBe(403);
  });

  it('GET and POST route handlers: organization-level API resource', async () => {
    const access = await token('fullAccess', {
      resource: API,
      organizationId: ORGS.acme,
      scope: 'read:projects',
    });
    const read = await call(`/api/organizations/${ORGS.acme}/projects`, access);
    expect(read.response.status).toBe(200);
    expect(read.body).toEqual({ auth: expect.objectContaining({ organizationId: ORGS.acme }) });
    // POST is served (not 405) and needs write:projects, which this token lacks.
    const write = await call(`/api/organizations/${ORGS.acme}/projects`, access, 'POST');
    expect(write.response.status).toBe(403);
    expect(write.response.headers.get('www-authenticate')).toBe(
      'Bearer realm="api", error="insufficient_scope", scope="write:projects"',
    );
  });

  it('middleware.ts protects /api/admin/* (the README recipe)', async () => {
    const denied = await call('/api/admin/whoami');
    expect(denied.response.status).toBe(401);
    expect(denied.body).toEqual({ error: 'Authorization header is missing' });
    const readOnly = await token('readOnly', { resource: API, scope: 'read:products' });
    expect((await call('/api/admin/whoami', readOnly)).response.status).toBe(403);
    const access = await token('readOnly', { resource: API, scope: 'api:read' });
    const allowed = await call('/api/admin/whoami', access);
    expect(allowed.response.status).toBe(200);
    expect(allowed.body).toEqual({ sub: APPS.readOnly.id });
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${await readFile(new URL('middleware.ts', appUrl), 'utf8')}\`\`\`\n`);
  });

  it('checks signatures on the WebCrypto path on the Edge runtime', async () => {
    const access = await token('readOnly', { resource: API, scope: 'api:read' });
    const { response, body } = await call('/api/edge', access);
    expect(response.status).toBe(200);
    expect(body).toEqual({ auth: expect.objectContaining({ sub: APPS.readOnly.id }) });
    expect(response.headers.get('x-signature-path')).toBe('webcrypto');
  });
});
