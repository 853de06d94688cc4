// Why the issuer's documents could not be had, as a developer reads it in a 503 with `debug` on: the code
// (discovery or key set), the fixed detail, and the cause chain (URL, HTTP status, timeout). And how often
// discovery is fetched: once it succeeds, never again; a failure is not remembered.
import { beforeAll, describe, expect, it } from 'vitest';
import { createGuard, globalApi } from '../../src/core/index.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

const API = 'https://api.example.com';
const clock = Date.UTC(2026, 0, 15, 12, 0, 0);
let issuer: TestIssuer;
let token: string;
let discoveryUrl: string;

beforeAll(async () => {
  issuer = await createTestIssuer({ now: () => clock });
  token = await issuer.mintApiToken(API);
  discoveryUrl = `${issuer.issuer}/.well-known/openid-configuration`;
});

/** The 503 a client gets from a guard whose issuer answers `serve(url)`. */
async function unavailable(
  serve: (url: string, init?: RequestInit) => Response | Promise<Response>,
  fetchTimeout?: number,
) {
  const guard = createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    now: () => clock,
    debug: true,
    fetchTimeout,
    fetch: async (input, init) => serve(String(input), init),
  });
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
  if (outcome.ok) throw new Error('expected a failure');
  expect(outcome.response.status).toBe(503);
  expect(outcome.response.headers).toEqual({ 'cache-control': 'no-store', 'retry-after': '5' });
  return outcome.response.body;
}

const discoveryFailed = (cause: object[]) => ({
  error: 'Authorization server unavailable',
  code: 'discovery_failed',
  detail: 'OpenID discovery document could not be loaded',
  cause,
});
const discovery = (document: unknown) => (url: string) =>
  url === discoveryUrl ? Response.json(document) : Response.json(issuer.jwks());

describe('discovery documents refused', () => {
  it('rejects a document naming another issuer', async () => {
    expect(
      await unavailable(discovery({ issuer: 'https://evil.example.com/oidc', jwks_uri: issuer.jwksUri })),
    ).toEqual(discoveryFailed([{ message: 'discovery document names another issuer' }]));
  });

  it('rejects a document without a jwks_uri string', async () => {
    expect(await unavailable(discovery({ issuer: issuer.issuer, jwks_uri: 5 }))).toEqual(
      discoveryFailed([{ message: 'discovery document has no jwks_uri' }]),
    );
  });

  it('rejects an http: jwks_uri off loopback', async () => {
    expect(
      await unavailable(discovery({ issuer: issuer.issuer, jwks_uri: 'http://evil.example.com/jwks' })),
    ).toEqual(discoveryFailed([{ message: 'discovery document has an insecure jwks_uri' }]));
  });

  it('rejects a document that is not a JSON object', async () => {
    for (const document of [[1], null, 'issuer']) {
      expect(await unavailable(discovery(document))).toEqual(
        discoveryFailed([{ message: `${discoveryUrl} did not answer a JSON object` }]),
      );
    }
  });

  it('rejects an answer other than 200, naming the URL and the status', async () => {
    for (const status of [201, 302, 500]) {
      expect(await unavailable(() => new Response(null, { status }))).toEqual(
        discoveryFailed([{ message: `${discoveryUrl} answered HTTP ${status}`, url: discoveryUrl, status }]),
      );
    }
  });

  it('refuses a body declared larger than 256 KiB before reading it', async () => {
    const declared = (length: number) => () =>
      new Response('{}', { headers: { 'content-length': String(length) } });
    expect(await unavailable(declared(262_145))).toEqual(
      discoveryFailed([{ message: `${discoveryUrl} answered a body larger than 262144 bytes` }]),
    );
  });

  it('refuses an undeclared body that grows past 256 KiB while it is read', async () => {
    const padded = JSON.stringify({
      issuer: issuer.issuer,
      jwks_uri: issuer.jwksUri,
      pad: 'x'.repeat(262_144),
    });
    const chunked = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(padded));
            controller.close();
          },
        }),
      );
    expect(await unavailable(chunked)).toEqual(
      discoveryFailed([{ message: `${discoveryUrl} answered a body larger than 262144 bytes` }]),
    );
  });

  it('accepts a streamed document of exactly 256 KiB', async () => {
    const head = JSON.stringify({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri, pad: '' });
    const document = head.replace('"pad":""', `"pad":"${'x'.repeat(262_144 - head.length)}"`);
    expect(document.length).toBe(262_144);
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      now: () => clock,
      fetch: async (input) => {
        if (String(input) !== discoveryUrl) return Response.json(issuer.jwks());
        const bytes = new TextEncoder().encode(document);
        return new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(bytes.slice(0, 100_000));
              controller.enqueue(bytes.slice(100_000));
              controller.close();
            },
          }),
        );
      },
    });
    const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
    expect(outcome.ok).toBe(true);
  });
});

describe('issuers that cannot be reached', () => {
  it('names the URL and the network error code when the fetch fails', async () => {
    const refused = () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    expect(await unavailable(refused)).toEqual(
      discoveryFailed([
        { message: `${discoveryUrl} could not be fetched (ECONNREFUSED)`, url: discoveryUrl },
      ]),
    );
  });

  it('names the URL and the timeout when the issuer does not answer in time', async () => {
    const hang = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      });
    expect(await unavailable(hang, 100)).toEqual(
      discoveryFailed([
        { message: `${discoveryUrl} did not answer within 100 ms`, url: discoveryUrl, timeout: 100 },
      ]),
    );
  });

  it('answers jwks_unavailable for a key set without a keys array', async () => {
    const serve = (url: string) =>
      url === discoveryUrl
        ? Response.json({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri })
        : Response.json({ keys: {} });
    expect(await unavailable(serve)).toEqual({
      error: 'Authorization server unavailable',
      code: 'jwks_unavailable',
      detail: 'JSON Web Key Set could not be loaded',
      cause: [{ message: 'key set has no "keys" array' }],
    });
  });
});

describe('discovery is fetched once it succeeds, and again after a failure', () => {
  it('fetches discovery once for a key set fetched twice, after failing once', async () => {
    let now = clock;
    const fetched: string[] = [];
    let down = true;
    const guard = createGuard({
      endpoint: issuer.endpoint,
      audience: API,
      now: () => now,
      tokenCache: false,
      fetch: (input, init) => {
        fetched.push(String(input) === discoveryUrl ? 'discovery' : 'jwks');
        if (down) return Promise.resolve(new Response(null, { status: 503 }));
        return issuer.fetch(input, init);
      },
    });
    const check = async (value: string) => {
      const outcome = await guard.check({ authorization: `Bearer ${value}`, request: {} }, globalApi());
      return outcome.ok ? 200 : outcome.error.code;
    };
    expect(await check(token)).toBe('discovery_failed');
    down = false;
    now += 1_000;
    const both = await Promise.all([check(token), check(token)]);
    expect(both).toEqual([200, 200]);
    now += 1_000;
    expect(await check(await issuer.mintApiToken(API, { header: { kid: 'made-up' } }))).toBe('unknown_key');
    expect(fetched).toEqual(['discovery', 'discovery', 'jwks', 'jwks']);
  });
});
