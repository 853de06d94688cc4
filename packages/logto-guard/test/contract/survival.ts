/**
 * The survival contract: no request ends the process, on every adapter, over real HTTP on 127.0.0.1.
 * Errors in the outcome path reach the framework's error handling, a response another middleware
 * already sent is left alone (the route does not run for it), and the next request is answered. An
 * adapter test calls `runSurvivalContract` with a function that serves the two routes described by
 * {@link SurvivalServerOptions}.
 */
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuard, type Guard, type GuardOptions, globalApi, type Policy } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';
import { observed, slowLogto, unwritable, watchProcess } from '../support/survival.js';
import { API, type RunningServer } from './contract.js';

/** The scope `/api/products` needs. */
const SCOPES = ['read:products'];

/**
 * What the adapter's server gets. It serves `GET /health` (200 `{ "ok": true }`, unprotected) and
 * `GET /api/products` protected by `requireAuth(guard, policy, { passErrors })`, whose handler calls
 * `routeRan()` and answers 200 `{ "sub": <auth.sub> }`.
 */
export interface SurvivalServerOptions {
  guard: Guard;
  /** `globalApi({ scopes: ['read:products'] })`, or a policy whose own function throws. */
  policy: Policy<unknown>;
  /** Only `true` where the adapter has the option (the table skips those rows elsewhere). */
  passErrors: boolean;
  /**
   * A request timeout ahead of the guard, asked once per request: when the promise it returns resolves,
   * the middleware answers 504 `{ "error": "timeout" }` as a request-timeout middleware does (undefined:
   * it never fires).
   */
  timeout: () => Promise<void> | undefined;
  routeRan: () => void;
}

/** Serves the survival routes, on 127.0.0.1 with a random port. */
export type StartSurvivalServer = (options: SurvivalServerOptions) => Promise<RunningServer>;

/** What differs between adapters. */
export interface SurvivalAdapter {
  start: StartSurvivalServer;
  /** Whether `requireAuth` has `passErrors` (Express, Fastify, Hono, Koa). */
  passErrors: boolean;
  /**
   * The status the framework's error handling answers when writing the guard's answer throws (a header
   * value Node refuses): the status already set (401) or an internal error (500).
   */
  unwritableStatus: (passErrors: boolean) => number;
  /**
   * Whether the adapter can know that another middleware answered (false for the fetch adapter: the
   * runtime, not the handler, sends the winner of a `Promise.race`).
   */
  seesSentResponse: boolean;
}

const noTimeout = (): Promise<void> | undefined => undefined;
const products = globalApi({ scopes: SCOPES });

/** `promise` for the first request only, as a request timeout that fires once. */
function once(promise: Promise<void>): () => Promise<void> | undefined {
  let first = true;
  return () => {
    if (!first) return undefined;
    first = false;
    return promise;
  };
}

/** A GET that may send several Authorization headers (fetch joins them into one). */
function rawGet(
  url: string,
  authorization: string[],
): Promise<{ status: number; challenge?: string; body: string }> {
  return new Promise((resolve, reject) => {
    // Node writes one header line per value of an array (its types allow arrays for list headers only).
    const headers = { authorization } as unknown as OutgoingHttpHeaders;
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs the survival table against one adapter. */
export function runSurvivalContract(name: string, adapter: SurvivalAdapter): void {
  describe(`${name}: a request never ends the process`, () => {
    let watch: ReturnType<typeof watchProcess>;
    let issuer: TestIssuer;
    let ran: number;
    const servers: RunningServer[] = [];
    beforeEach(async () => {
      watch = watchProcess();
      issuer = await createTestIssuer();
      ran = 0;
    });
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
      await issuer.close();
      watch.stop();
    });

    async function serve(guard: Guard, passErrors = false, timeout = noTimeout, policy = products) {
      const server = await adapter.start({ guard, policy, passErrors, timeout, routeRan: () => ran++ });
      servers.push(server);
      return server;
    }
    const guardOf = (options: Partial<GuardOptions> = {}) =>
      createGuard({ endpoint: issuer.endpoint, audience: API, fetch: issuer.fetch, ...options });
    const token = (scopes = SCOPES) => issuer.mintApiToken(API, { scopes });

    /**
     * The process still serves, and serves right: health, a 401 with its challenge (and the JSON body
     * unless the failure went to the framework's default error handler), a 200 when `authorized`.
     */
    async function stillServes(server: RunningServer, { authorized = true, passErrors = false } = {}) {
      expect(watch.seen).toEqual([]);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const anonymous = await fetch(`${server.url}/api/products`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="api"');
      const body = await anonymous.text();
      if (!passErrors) expect(JSON.parse(body)).toEqual({ error: 'Authorization header is missing' });
      if (!authorized) return;
      const allowed = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({ sub: 'user-1' });
    }

    const withPassErrors = adapter.passErrors ? [false, true] : [false];

    it.each(withPassErrors)(
      'leaves alone the 504 a request timeout sent while the guard waited for a slow Logto (made-up kid, passErrors %s)',
      async (passErrors) => {
        const logto = slowLogto();
        const { guard, checked } = observed(
          createGuard({ endpoint: 'https://logto.test', audience: API, fetch: logto.fetch }),
        );
        const server = await serve(guard, passErrors, once(logto.asked));
        const forged = await issuer.mintApiToken(API, { header: { kid: 'made-up' } });
        const response = await fetch(`${server.url}/api/products`, {
          headers: { authorization: `Bearer ${forged}` },
        });
        expect(response.status).toBe(504);
        expect(await response.json()).toEqual({ error: 'timeout' });
        logto.fail();
        await checked;
        expect(ran).toBe(0);
        await stillServes(server, { authorized: false, passErrors });
      },
    );

    it.skipIf(!adapter.seesSentResponse)(
      'does not run the route for a request a timeout answered while its valid token was checked',
      async () => {
        const real = guardOf();
        let answered!: () => void;
        const sent = new Promise<void>((resolve) => {
          answered = resolve;
        });
        // The check ends only once the client has the timeout's answer.
        const delayed: Guard = {
          ...real,
          check: (input, policy) => sent.then(() => real.check(input, policy)),
        };
        const { guard, checked } = observed(delayed);
        const server = await serve(guard, false, once(Promise.resolve()));
        const response = await fetch(`${server.url}/api/products`, {
          headers: { authorization: `Bearer ${await token()}` },
        });
        expect(response.status).toBe(504);
        answered();
        await checked;
        expect(ran).toBe(0);
        expect(watch.seen).toEqual([]);
      },
    );

    it.each(withPassErrors)(
      "hands an answer Node refuses to write to the framework's error handling (passErrors %s)",
      async (passErrors) => {
        const { guard, checked } = observed(unwritable(guardOf()));
        const server = await serve(guard, passErrors);
        const response = await fetch(`${server.url}/api/products`);
        expect(response.status).toBe(adapter.unwritableStatus(passErrors));
        await response.arrayBuffer();
        await checked;
        expect(watch.seen).toEqual([]);
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
      },
    );

    it('survives a client that goes away while the guard waits for Logto', async () => {
      const logto = slowLogto();
      const { guard, checked } = observed(
        createGuard({ endpoint: 'https://logto.test', audience: API, fetch: logto.fetch }),
      );
      const server = await serve(guard);
      const forged = await issuer.mintApiToken(API, { header: { kid: 'made-up' } });
      const abort = new AbortController();
      const pending = fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${forged}` },
        signal: abort.signal,
      });
      await logto.asked;
      abort.abort();
      await expect(pending).rejects.toThrow();
      logto.fail();
      await checked;
      expect(ran).toBe(0);
      await stillServes(server, { authorized: false });
    });

    it.each([
      [
        'throws',
        () => {
          throw new Error('metrics down');
        },
      ],
      [
        'returns a rejected promise',
        async () => {
          throw new Error('log sink down');
        },
      ],
    ])('answers the same 401 when the onFailure hook %s', async (_case, onFailure) => {
      const { guard, checked } = observed(guardOf({ onFailure }));
      const server = await serve(guard);
      const response = await fetch(`${server.url}/api/products`, {
        headers: { authorization: 'Bearer not-a-jwt' },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');
      expect(await response.json()).toEqual({ error: 'Invalid token' });
      await checked;
      await stillServes(server);
    });

    it.each([
      [
        'throws',
        () => {
          throw new Error('database down');
        },
      ],
      [
        'returns a rejected promise',
        async () => {
          throw new Error('database down');
        },
      ],
    ])(
      "hands the framework's error handling a checkClaims that %s: 500, never a pass",
      async (_case, checkClaims) => {
        const { guard, checked } = observed(guardOf());
        const server = await serve(guard, false, noTimeout, globalApi({ scopes: SCOPES, checkClaims }));
        const response = await fetch(`${server.url}/api/products`, {
          headers: { authorization: `Bearer ${await token()}` },
        });
        expect(response.status).toBe(500);
        // The app's own error: what the body says of it is the framework's business.
        await response.arrayBuffer();
        await checked;
        expect(ran).toBe(0);
        expect(watch.seen).toEqual([]);
        expect((await fetch(`${server.url}/health`)).status).toBe(200);
      },
    );

    it('rejects two Authorization headers, even when the first holds a valid token', async () => {
      const server = await serve(guardOf());
      const valid = `Bearer ${await token()}`;
      for (const headers of [
        [valid, 'Bearer other'],
        ['Bearer other', valid],
        [valid, valid],
      ]) {
        const answer = await rawGet(`${server.url}/api/products`, headers);
        expect(answer.status).toBe(401);
        expect(answer.challenge).toBe('Bearer realm="api", error="invalid_request"');
        expect(JSON.parse(answer.body)).toEqual({ error: 'Authorization header is malformed' });
      }
      expect(ran).toBe(0);
      await stillServes(server);
    });

    it("rejects a 12 KB token without echoing it, and a header past Node's limit with 431", async () => {
      const server = await serve(guardOf());
      const long = `${(await token()).slice(0, 100)}${'A'.repeat(12_000)}`;
      const response = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${long}` },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="api", error="invalid_token"');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: 'Invalid token' });
      expect(text).not.toContain('AAAA');
      const tooLong = await fetch(`${server.url}/api/products`, {
        headers: { authorization: `Bearer ${'A'.repeat(20_000)}` },
      });
      expect(tooLong.status).toBe(431);
      await tooLong.arrayBuffer();
      await stillServes(server);
    });
  });
}
