import { createServer } from 'node:net';

import { createDefaultWorld, type DevIssuer, startDevIssuer } from '@logto-guard/dev-issuer';
import { afterEach, describe, expect, it } from 'vitest';

import { checkLogto } from '../src/check-logto.js';
import { DemoConfigError } from '../src/config.js';
import { DemoStartError, type RunningDemo, startDemo } from '../src/start.js';
import { call, freePort, fullAccess, occupiedPort as holdPort, tokenFor } from './helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function started<T extends DevIssuer | RunningDemo>(running: Promise<T>): Promise<T> {
  const value = await running;
  cleanups.push(() => value.close());
  return value;
}

/** Occupies a free loopback port until the test ends: accepts connections and never answers. */
async function occupiedPort(): Promise<number> {
  const { port, close } = await holdPort();
  cleanups.push(close);
  return port;
}

describe('startDemo with a Logto endpoint', () => {
  const apiResource = 'https://demo.test/api';

  it('starts no local issuer and accepts tokens of that Logto for API_RESOURCE', async () => {
    // A dev issuer started by the test stands in for a Logto tenant.
    const logto = await started(startDevIssuer({ port: 0, world: createDefaultWorld({ apiResource }) }));
    const demo = await started(startDemo({ logtoEndpoint: logto.url, apiResource, port: 0 }));
    expect(demo.devIssuer).toBeUndefined();
    expect(demo.endpoint).toBe(logto.url);

    const token = await tokenFor(logto, fullAccess, { resource: apiResource, scope: 'api:read api:write' });
    const res = await call(demo.url, '/api/protected', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ auth: { audience: [apiResource] } });
  });

  it('answers 503 with Retry-After while that Logto is unreachable', async () => {
    const logto = await startDevIssuer({ port: 0 });
    const token = await tokenFor(logto, fullAccess, {
      resource: 'https://api.example.com',
      scope: 'api:read api:write',
    });
    await logto.close();
    const demo = await started(startDemo({ logtoEndpoint: logto.url, port: 0 }));

    const res = await call(demo.url, '/api/protected', { token });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toEqual({ error: 'Authorization server unavailable' });
    expect((await call(demo.url, '/')).status).toBe(200);
  });

  it('reports an http endpoint that is not loopback as LOGTO_ENDPOINT refused by logto-guard', async () => {
    const error = await startDemo({ logtoEndpoint: 'http://logto.example.com', port: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DemoConfigError);
    expect(error).toMatchObject({ variable: 'LOGTO_ENDPOINT' });
    expect((error as Error).message).toMatch(/^LOGTO_ENDPOINT is refused by logto-guard: options\.endpoint /);
  });
});

describe('startDemo with the local issuer', () => {
  it('reports an API resource the issuer refuses as API_RESOURCE', async () => {
    const error = await startDemo({
      apiResource: 'https://api.example.com/#v1',
      port: 0,
      issuerPort: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoConfigError);
    expect((error as Error).message).toMatch(/^API_RESOURCE is refused by the local issuer: .*fragment/);
  });
});

describe('checkLogto', () => {
  it('accepts an endpoint whose discovery names <endpoint>/oidc', async () => {
    const logto = await started(startDevIssuer({ port: 0 }));
    expect(await checkLogto(logto.url)).toBeUndefined();
  });

  it('reports a refused connection', async () => {
    const port = await freePort();
    expect(await checkLogto(`http://127.0.0.1:${port}`)).toBe(
      `cannot reach Logto at http://127.0.0.1:${port} (connection refused): check LOGTO_ENDPOINT`,
    );
  });

  it('reports an endpoint that serves no discovery', async () => {
    const demo = await started(startDemo({ port: 0, issuerPort: 0 }));
    expect(await checkLogto(demo.url)).toBe(
      `${demo.url}/oidc/.well-known/openid-configuration answered 404 without OpenID discovery: is LOGTO_ENDPOINT the URL of a Logto?`,
    );
  });

  it('reports an issuer other than <endpoint>/oidc (another host name for the same Logto)', async () => {
    const logto = await started(startDevIssuer({ port: 0 }));
    const other = logto.url.replace('127.0.0.1', 'localhost');
    expect(await checkLogto(other)).toBe(
      `Logto at ${other} names its issuer "${logto.issuer}", not "${other}/oidc": set LOGTO_ENDPOINT to the URL your clients get tokens from`,
    );
  });

  it('gives up after the timeout', async () => {
    const port = await occupiedPort();
    expect(await checkLogto(`http://127.0.0.1:${port}`, 200)).toBe(
      `cannot reach Logto at http://127.0.0.1:${port} (no answer within 200 ms): check LOGTO_ENDPOINT`,
    );
  });
});

describe('startDemo with an http: Logto endpoint on another host', () => {
  it('refuses it and names LOGTO_ALLOW_INSECURE_HTTP with its risk', async () => {
    const error = await startDemo({ logtoEndpoint: 'http://logto.internal:3001', port: 0 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DemoConfigError);
    expect((error as Error).message).toContain(
      'set LOGTO_ALLOW_INSECURE_HTTP=true (keys fetched over http: can be swapped by anyone on the path)',
    );
  });

  it('accepts it with allowInsecureHttp (LOGTO_ALLOW_INSECURE_HTTP=true)', async () => {
    const demo = await started(
      startDemo({ logtoEndpoint: 'http://logto.internal:3001', allowInsecureHttp: true, port: 0 }),
    );
    expect(demo.endpoint).toBe('http://logto.internal:3001');
  });
});

describe('startDemo on ports in use', () => {
  it('names the API port and PORT, and stops the issuer it started', async () => {
    const port = await occupiedPort();
    const issuerPort = await freePort();
    const error = await startDemo({ port, issuerPort }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoStartError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^port ${port} \\(the API\\) is already in use: stop the other process or set PORT to a free port, e.g. PORT=\\d+ \\(free now\\) npm start$`,
      ),
    );
    const suggested = Number(/PORT=(\d+)/.exec((error as Error).message)?.[1]);
    expect(suggested).not.toBe(port);
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject).listen(suggested, '127.0.0.1', () => probe.close(() => resolve()));
    });
    // The issuer's port is free again.
    const issuer = await started(startDevIssuer({ port: issuerPort }));
    expect(issuer.url).toBe(`http://127.0.0.1:${issuerPort}`);
  });

  it('names the issuer port and LOGTO_DEV_ISSUER_PORT', async () => {
    const issuerPort = await occupiedPort();
    const error = await startDemo({ port: 0, issuerPort }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoStartError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^port ${issuerPort} \\(the local issuer\\) is already in use: stop the other process \\(a local Logto\\?\\), set LOGTO_DEV_ISSUER_PORT to a free port, e.g. LOGTO_DEV_ISSUER_PORT=\\d+ \\(free now\\), or set LOGTO_ENDPOINT to use that Logto$`,
      ),
    );
  });
});
