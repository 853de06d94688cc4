/**
 * What every runtime must pass: the adapter contract table for the Hono and the fetch adapter (keys from a
 * JWKS served over HTTP on 127.0.0.1), real tokens of the three permission models from the dev issuer, the
 * WebCrypto signature path, one key-set fetch shared by concurrent first requests, and a 503 when the
 * issuer hangs past `fetchTimeout`.
 *
 * A runtime that is not installed is skipped with one line, except under CI, where it fails.
 */
import {
  DEFAULT_API_RESOURCE as API,
  DEFAULT_APPLICATIONS as APPS,
  type DevIssuer,
  DEFAULT_ORGANIZATIONS as ORGS,
  startDevIssuer,
} from '@logto-guard/dev-issuer';
import type { GuardOptions } from 'logto-guard';
import { createTestIssuer, type TestIssuer } from 'logto-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractWithOptions } from '../../../../packages/logto-guard/test/contract/contract.js';
import type { AppConfig } from '../../src/app.js';
import { devIssuerToken, type TokenRequest } from './dev-issuer.js';
import type { AppServer, RuntimeTarget } from './runtimes.js';

const ADAPTERS = ['hono', 'fetch'] as const;
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** The contract's guard options as the runtime's app takes them; an option not carried over fails. */
function toConfig(options: GuardOptions): AppConfig {
  const { endpoint, audience, now, fetchTimeout, ...rest } = options;
  expect(Object.keys(rest)).toEqual([]);
  if (endpoint === undefined || typeof audience !== 'string') throw new Error('endpoint and audience');
  return { endpoint, audience, ...(now ? { now: now() } : {}), ...(fetchTimeout ? { fetchTimeout } : {}) };
}

async function runtimeInfo(server: AppServer) {
  return (await fetch(`${server.url}/runtime`)).json() as Promise<{
    runtime: string;
    version: string;
    signaturePath: string;
    subtleVerifyCalls: number;
  }>;
}

async function get(url: string, token: string) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { auth?: Record<string, unknown> } };
}

/** Describes the suite for `runtime`, or one skipped (failed under CI) test when it is missing. */
export function describeRuntime(runtime: RuntimeTarget) {
  if (runtime.version === undefined) {
    if (inCi) {
      it(`${runtime.name} is installed`, () => {
        throw new Error(`${runtime.name} is not installed (npm ci installs it); CI runs every runtime`);
      });
    } else {
      console.log(`skipped: ${runtime.name} is not installed (npm install brings it)`);
      it.skip(`${runtime.name} (not installed)`, () => {});
    }
    return;
  }

  for (const adapter of ADAPTERS) {
    runContractWithOptions(`${runtime.name} ${runtime.version}: ${adapter}`, async (options) => {
      const server = await runtime.start(toConfig(options));
      return { url: `${server.url}/${adapter}`, close: server.close };
    });
  }

  describe(`${runtime.name} ${runtime.version}: tokens from the dev issuer`, () => {
    let issuer: DevIssuer;
    let server: AppServer;
    const token = (app: keyof typeof APPS, request: TokenRequest) => devIssuerToken(issuer, app, request);

    beforeAll(async () => {
      issuer = await startDevIssuer({ port: 0 });
      server = await runtime.start({ endpoint: issuer.url, audience: API });
    });
    afterAll(async () => {
      await server?.close();
      await issuer?.close();
    });

    it.each(ADAPTERS)('%s: global API resource', async (adapter) => {
      const access = await token('fullAccess', { resource: API, scope: 'read:products' });
      expect(await get(`${server.url}/${adapter}/api/products`, access)).toEqual({
        status: 200,
        body: { auth: expect.objectContaining({ sub: APPS.fullAccess.id, scopes: ['read:products'] }) },
      });
      const readOnly = await token('readOnly', { resource: API, scope: 'api:read' });
      expect((await get(`${server.url}/${adapter}/api/products`, readOnly)).status).toBe(403);
    });

    it.each(ADAPTERS)('%s: organization permissions', async (adapter) => {
      const access = await token('fullAccess', { organizationId: ORGS.acme, scope: 'read:members' });
      expect(await get(`${server.url}/${adapter}/orgs/${ORGS.acme}/members`, access)).toEqual({
        status: 200,
        body: {
          auth: expect.objectContaining({
            scopes: ['read:members'],
            audience: [`urn:logto:organization:${ORGS.acme}`],
          }),
        },
      });
      expect((await get(`${server.url}/${adapter}/orgs/${ORGS.globex}/members`, access)).status).toBe(403);
    });

    it.each(ADAPTERS)('%s: organization-level API resource', async (adapter) => {
      const access = await token('fullAccess', {
        resource: API,
        organizationId: ORGS.acme,
        scope: 'read:projects',
      });
      expect(await get(`${server.url}/${adapter}/orgs/${ORGS.acme}/projects`, access)).toEqual({
        status: 200,
        body: { auth: expect.objectContaining({ organizationId: ORGS.acme, scopes: ['read:projects'] }) },
      });
      expect((await get(`${server.url}/${adapter}/orgs/${ORGS.globex}/projects`, access)).status).toBe(403);
    });
  });

  describeSignaturePath(runtime, 'webcrypto');

  describe(`${runtime.name} ${runtime.version}: key set`, () => {
    let issuer: TestIssuer;
    beforeAll(async () => {
      issuer = await createTestIssuer({ listen: true });
    });
    afterAll(() => issuer?.close());

    it('shares one key-set fetch between concurrent first requests', async () => {
      const server = await runtime.start({ endpoint: issuer.endpoint, audience: API });
      try {
        const before = issuer.jwksRequests;
        const tokens = await Promise.all(
          Array.from({ length: 8 }, (_, i) => issuer.mintApiToken(API, { subject: `user-${i}` })),
        );
        const answers = await Promise.all(tokens.map((t) => get(`${server.url}/hono/api/optional`, t)));
        expect(answers.map((answer) => answer.status)).toEqual(tokens.map(() => 200));
        expect(issuer.jwksRequests - before).toBe(1);
      } finally {
        await server.close();
      }
    });

    it('answers 503 when the issuer hangs past fetchTimeout', async () => {
      const server = await runtime.start({ endpoint: issuer.endpoint, audience: API, fetchTimeout: 300 });
      issuer.setOutage('hang');
      try {
        const response = await fetch(`${server.url}/fetch/api/optional`, {
          headers: { authorization: `Bearer ${await issuer.mintApiToken(API)}` },
        });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
      } finally {
        issuer.setOutage('none');
        await server.close();
      }
    });
  });
}

/** Checks which signature path `runtime` takes: the one it reports, and the SubtleCrypto.verify calls. */
export function describeSignaturePath(runtime: RuntimeTarget, expected: 'webcrypto' | 'node') {
  describe(`${runtime.name} ${runtime.version}: signature path`, () => {
    let issuer: TestIssuer;
    let server: AppServer;
    beforeAll(async () => {
      issuer = await createTestIssuer({ listen: true });
      server = await runtime.start({ endpoint: issuer.endpoint, audience: API });
    });
    afterAll(async () => {
      await server?.close();
      await issuer?.close();
    });

    it(`checks signatures on the ${expected} path`, async () => {
      const before = await runtimeInfo(server);
      expect(before).toMatchObject({ runtime: runtime.name, signaturePath: expected });
      const token = await issuer.mintApiToken(API, { scopes: ['read:products'] });
      expect((await get(`${server.url}/hono/api/products`, token)).status).toBe(200);
      const after = await runtimeInfo(server);
      // One new token: one SubtleCrypto.verify call on the WebCrypto path, none on the node:crypto path.
      expect(after.subtleVerifyCalls - before.subtleVerifyCalls).toBe(expected === 'webcrypto' ? 1 : 0);
    });
  });
}
