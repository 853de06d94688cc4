import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwksUriResolver } from '../../src/core/discovery.js';
import { UnavailableError } from '../../src/core/errors.js';
import { createTestIssuer, type TestIssuer } from '../../src/testing/index.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ listen: true });
});
afterAll(() => issuer.close());

function resolverFor(fetchImpl: typeof fetch, expectedIssuer = issuer.issuer) {
  return createJwksUriResolver({
    url: `${issuer.issuer}/.well-known/openid-configuration`,
    issuer: expectedIssuer,
    fetch: fetchImpl,
    timeout: 2_000,
    allowInsecureHttp: false,
  });
}

function counting(answer: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  const calls = { count: 0 };
  const fetchImpl = ((input: RequestInfo | URL, init?: RequestInit) => {
    calls.count += 1;
    return answer(input, init);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('discovery', () => {
  it('reads jwks_uri over HTTP and remembers it once it succeeded', async () => {
    const { calls, fetchImpl } = counting((input, init) => fetch(input, init));
    const resolve = resolverFor(fetchImpl);
    expect(await resolve()).toBe(issuer.jwksUri);
    expect(await resolve()).toBe(issuer.jwksUri);
    expect(calls.count).toBe(1);
  });

  it('shares one request between concurrent first calls', async () => {
    const { calls, fetchImpl } = counting((input, init) => fetch(input, init));
    const resolve = resolverFor(fetchImpl);
    expect(await Promise.all([resolve(), resolve(), resolve()])).toEqual([
      issuer.jwksUri,
      issuer.jwksUri,
      issuer.jwksUri,
    ]);
    expect(calls.count).toBe(1);
  });

  it('answers discovery_failed while the issuer is down, does not remember the failure, then recovers', async () => {
    const resolve = resolverFor((input, init) => fetch(input, init));
    issuer.setOutage('error');
    const failure = await resolve().catch((error: unknown) => error);
    issuer.setOutage('none');
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as UnavailableError).code).toBe('discovery_failed');
    expect(await resolve()).toBe(issuer.jwksUri);
  });

  it('rejects a document naming another issuer, and an http: jwks_uri off loopback', async () => {
    await expect(resolverFor((i, n) => fetch(i, n), 'https://other/oidc')()).rejects.toMatchObject({
      code: 'discovery_failed',
    });
    const insecure = resolverFor(async () =>
      Response.json({ issuer: issuer.issuer, jwks_uri: 'http://keys.example.com/jwks' }),
    );
    await expect(insecure()).rejects.toMatchObject({ code: 'discovery_failed' });
  });

  it('does not follow redirects', async () => {
    const redirecting = resolverFor(
      async () => new Response(null, { status: 302, headers: { location: '/x' } }),
    );
    await expect(redirecting()).rejects.toMatchObject({ code: 'discovery_failed' });
  });
});
