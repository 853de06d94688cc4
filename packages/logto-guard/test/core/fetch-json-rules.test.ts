// How the guard reads the issuer's JSON documents (discovery, JWKS), as the issuer and a developer with
// `debug` on see it: it asks for JSON, accepts a declared body of exactly the 256 KiB cap, and says why an
// empty, oversized or non-UTF-8 body was refused (the 503's cause).
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

/** The answer a client gets when the discovery document is `document()`; `requests` records each fetch. */
async function answerWith(document: () => Response) {
  const requests: { url: string; accept: string | null }[] = [];
  const guard = createGuard({
    endpoint: issuer.endpoint,
    audience: API,
    now: () => clock,
    debug: true,
    fetch: async (input, init) => {
      requests.push({ url: String(input), accept: new Headers(init?.headers).get('accept') });
      return String(input) === discoveryUrl ? document() : Response.json(issuer.jwks());
    },
  });
  const outcome = await guard.check({ authorization: `Bearer ${token}`, request: {} }, globalApi());
  return { requests, status: outcome.ok ? 200 : outcome.response.status, body: outcome.response?.body };
}

const causeOf = (body: unknown) => (body as { cause: { message: string }[] }).cause.map((c) => c.message);

describe('JSON documents of the issuer', () => {
  it('asks for JSON with every fetch', async () => {
    const { requests, status } = await answerWith(() =>
      Response.json({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri }),
    );
    expect(status).toBe(200);
    expect(requests).toEqual([
      { url: discoveryUrl, accept: 'application/json' },
      { url: issuer.jwksUri, accept: 'application/json' },
    ]);
  });

  it('accepts a document declared exactly 256 KiB long', async () => {
    const head = JSON.stringify({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri, pad: '' });
    const text = head.replace('"pad":""', `"pad":"${'x'.repeat(262_144 - head.length)}"`);
    const { status } = await answerWith(
      () => new Response(text, { headers: { 'content-length': String(text.length) } }),
    );
    expect(status).toBe(200);
  });

  it('refuses a body declared too large even when the answer has no body stream', async () => {
    const { status, body } = await answerWith(
      () => new Response(null, { headers: { 'content-length': '262145' } }),
    );
    expect(status).toBe(503);
    expect(causeOf(body)).toEqual([`${discoveryUrl} answered a body larger than 262144 bytes`]);
  });

  it('refuses an empty answer as a document that is not JSON', async () => {
    const { status, body } = await answerWith(() => new Response(null));
    expect(status).toBe(503);
    expect(causeOf(body)).toEqual(['Unexpected end of JSON input']);
  });

  it('refuses a document that is not valid UTF-8', async () => {
    const prefix = new TextEncoder().encode(
      `{"issuer":"${issuer.issuer}","jwks_uri":"${issuer.jwksUri}","x":"`,
    );
    const bytes = new Uint8Array([...prefix, 0xff, 0x22, 0x7d]);
    const { status, body } = await answerWith(() => new Response(bytes));
    expect(status).toBe(503);
    expect(causeOf(body)).toEqual(['The encoded data was not valid for encoding utf-8']);
  });
});
