import { createServer } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { DEFAULT_API_RESOURCE, DEFAULT_ORGANIZATIONS, type DevIssuer, startDevIssuer } from '../src/index.js';
import { decode, fullAccess, globexMember, tokenFor } from './helpers.js';

const started: DevIssuer[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(started.splice(0).map((issuer) => issuer.close()));
});

async function start(options: Parameters<typeof startDevIssuer>[0] = {}): Promise<DevIssuer> {
  const issuer = await startDevIssuer({ port: 0, ...options });
  started.push(issuer);
  return issuer;
}

/** Resolves once a plain TCP server could bind the port (i.e. nobody holds it). */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('start and close', () => {
  it('prints no oidc-provider warning or notice while starting and issuing', async () => {
    const warn = vi.spyOn(console, 'warn');
    const info = vi.spyOn(console, 'info');
    const issuer = await start();
    await tokenFor(issuer, fullAccess, { resource: DEFAULT_API_RESOURCE, scope: 'api:read' });
    const printed = [...warn.mock.calls, ...info.mock.calls].flat().map(String);
    expect(printed.filter((line) => line.includes('oidc-provider'))).toEqual([]);
  });

  it('listens on 127.0.0.1 with a random port when port is 0', async () => {
    const issuer = await start();
    expect(issuer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(issuer.url).not.toBe('http://127.0.0.1:0');
    expect(issuer.tokenEndpoint).toBe(`${issuer.url}/oidc/token`);
    expect(issuer.jwksUri).toBe(`${issuer.url}/oidc/jwks`);
  });

  it('frees the port on close, and a second close resolves too', async () => {
    const issuer = await startDevIssuer({ port: 0 });
    const port = Number(new URL(issuer.url).port);
    // Keep a connection alive: close() must not wait for it.
    await fetch(issuer.jwksUri);
    expect(await canBind(port)).toBe(false);
    await issuer.close();
    await issuer.close();
    expect(await canBind(port)).toBe(true);
    await expect(fetch(issuer.jwksUri)).rejects.toThrow();
  });

  it('restarts on the port it just released', async () => {
    const first = await startDevIssuer({ port: 0 });
    const port = Number(new URL(first.url).port);
    await first.close();
    const second = await start({ port });
    expect(second.url).toBe(first.url);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const issuer = await start();
    const port = Number(new URL(issuer.url).port);
    await expect(startDevIssuer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('rejects invalid options with a TypeError', async () => {
    await expect(startDevIssuer({ port: -1 })).rejects.toThrow(TypeError);
    await expect(startDevIssuer({ alg: 'HS256' as 'ES384' })).rejects.toThrow(/unsupported alg/);
    await expect(
      startDevIssuer({ world: { resources: [], applications: [] }, config: 'x.yaml' }),
    ).rejects.toThrow(/either `world` or `config`/);
    await expect(startDevIssuer({ baseUrl: 'localhost:3001/auth' })).rejects.toThrow(
      /baseUrl must be an http/,
    );
  });

  it('uses the public base URL as issuer (iss) while listening on 127.0.0.1', async () => {
    const probe = await startDevIssuer({ port: 0 });
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const issuer = await start({ port, baseUrl: `http://localhost:${port}/` });
    expect(issuer.issuer).toBe(`http://localhost:${port}/oidc`);
    const { access_token } = await tokenFor(issuer, fullAccess, { resource: DEFAULT_API_RESOURCE });
    expect(decode(access_token).payload.iss).toBe(`http://localhost:${port}/oidc`);
  });

  it('answers 404 outside /oidc and describes itself at /', async () => {
    const issuer = await start();
    expect((await fetch(`${issuer.url}/token`)).status).toBe(404);
    const index = (await (await fetch(`${issuer.url}/`)).json()) as Record<string, unknown>;
    expect(index).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      token_endpoint: issuer.tokenEndpoint,
    });
  });
});

describe('options', () => {
  it('sets the token lifetime with accessTokenTtl', async () => {
    const issuer = await start({ accessTokenTtl: 120 });
    const response = await tokenFor(issuer, fullAccess, { resource: DEFAULT_API_RESOURCE });
    const { payload } = decode(response.access_token);
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(response.expires_in).toBe(120);
  });

  it('puts scope "" in organization tokens without granted scope when emptyOrganizationScopeClaim is on', async () => {
    const issuer = await start({ emptyOrganizationScopeClaim: true });
    const response = await tokenFor(issuer, globexMember, {
      organizationId: DEFAULT_ORGANIZATIONS.globex,
      scope: 'invite:member',
    });
    expect(decode(response.access_token).payload.scope).toBe('');
    const api = await tokenFor(issuer, fullAccess, { resource: DEFAULT_API_RESOURCE });
    expect('scope' in decode(api.access_token).payload).toBe(false);
  });
});
