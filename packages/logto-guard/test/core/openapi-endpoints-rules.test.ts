// The OAuth 2.0 endpoints `openApiEndpoints(guard)` reads from the issuer's discovery document, as a
// developer who puts them into an OpenAPI document sees them: the two URLs, or a 503 `discovery_failed`
// whose cause says what was wrong with the document. (test/e2e/openapi-endpoints.test.ts reads them from
// the real dev issuer; these run without its `dist/`.)
import { describe, expect, it } from 'vitest';
import { createGuard, openApiEndpoints, UnavailableError } from '../../src/core/index.js';

const API = 'https://api.example.com';
const ENDPOINT = 'https://tenant.example.com';
const ISSUER = `${ENDPOINT}/oidc`;

/** A guard whose issuer answers `serve(url)`; `urls` collects what it fetched. */
function guardServing(
  serve: (url: string) => Response,
  options: { allowInsecureHttp?: boolean; issuers?: string[] } = {},
) {
  const urls: string[] = [];
  const guard = createGuard({
    ...(options.issuers === undefined ? { endpoint: ENDPOINT } : { issuer: options.issuers }),
    audience: API,
    allowInsecureHttp: options.allowInsecureHttp,
    fetch: async (input) => {
      urls.push(String(input));
      return serve(String(input));
    },
  });
  return { guard, urls };
}

const documentOf =
  (fields: Record<string, unknown>) =>
  (url: string): Response =>
    url === `${ISSUER}/.well-known/openid-configuration`
      ? Response.json({ issuer: ISSUER, jwks_uri: `${ISSUER}/jwks`, ...fields })
      : Response.json({ error: 'not_found' }, { status: 404 });

/** The 503 a call gets, as code, status and the message of its cause. */
async function refusal(guard: ReturnType<typeof guardServing>['guard']) {
  const error = await openApiEndpoints(guard).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(UnavailableError);
  const failure = error as UnavailableError;
  expect(failure.message).toBe('OpenID discovery document could not be loaded');
  return { code: failure.code, status: failure.status, cause: (failure.cause as Error).message };
}

describe('openApiEndpoints', () => {
  it("returns the document's authorization and token endpoints, fetched once from the first issuer", async () => {
    const { guard, urls } = guardServing(
      documentOf({ authorization_endpoint: `${ISSUER}/auth`, token_endpoint: `${ISSUER}/token` }),
      { issuers: [ISSUER, 'https://other.example.com/oidc'] },
    );
    expect(await openApiEndpoints(guard)).toEqual({
      authorizationUrl: `${ISSUER}/auth`,
      tokenUrl: `${ISSUER}/token`,
    });
    expect(urls).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
  });

  it('rejects with discovery_failed (503) when the document names another issuer', async () => {
    const { guard } = guardServing(
      documentOf({
        issuer: 'https://evil.example.com/oidc',
        authorization_endpoint: `${ISSUER}/auth`,
        token_endpoint: `${ISSUER}/token`,
      }),
    );
    expect(await refusal(guard)).toEqual({
      code: 'discovery_failed',
      status: 503,
      cause: 'discovery document names another issuer',
    });
  });

  it('rejects a document without a token endpoint, or with one that is not a URL, naming the field', async () => {
    const missing = guardServing(documentOf({ authorization_endpoint: `${ISSUER}/auth` }));
    expect((await refusal(missing.guard)).cause).toBe('discovery document has no token_endpoint');
    const notUrl = guardServing(
      documentOf({ authorization_endpoint: `${ISSUER}/auth`, token_endpoint: 'token' }),
    );
    expect((await refusal(notUrl.guard)).cause).toBe('discovery document has no token_endpoint');
    const notString = guardServing(
      documentOf({ authorization_endpoint: 5, token_endpoint: `${ISSUER}/token` }),
    );
    expect((await refusal(notString.guard)).cause).toBe('discovery document has no authorization_endpoint');
  });

  it('rejects an endpoint given as a list, even of one URL', async () => {
    const listed = guardServing(
      documentOf({ authorization_endpoint: `${ISSUER}/auth`, token_endpoint: [`${ISSUER}/token`] }),
    );
    expect((await refusal(listed.guard)).cause).toBe('discovery document has no token_endpoint');
  });

  it('rejects an http: endpoint on a public host unless allowInsecureHttp is set', async () => {
    const serve = documentOf({
      authorization_endpoint: 'http://tenant.example.com/oidc/auth',
      token_endpoint: `${ISSUER}/token`,
    });
    expect((await refusal(guardServing(serve).guard)).cause).toBe(
      'discovery document has an insecure authorization_endpoint',
    );
    expect(await openApiEndpoints(guardServing(serve, { allowInsecureHttp: true }).guard)).toEqual({
      authorizationUrl: 'http://tenant.example.com/oidc/auth',
      tokenUrl: `${ISSUER}/token`,
    });
  });

  it('rejects an http: token endpoint on a public host, naming it', async () => {
    const serve = documentOf({
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: 'http://tenant.example.com/oidc/token',
    });
    expect((await refusal(guardServing(serve).guard)).cause).toBe(
      'discovery document has an insecure token_endpoint',
    );
  });

  it('accepts http: endpoints on a loopback host without allowInsecureHttp', async () => {
    const serve = documentOf({
      authorization_endpoint: 'http://localhost:3001/oidc/auth',
      token_endpoint: 'http://127.0.0.1:3001/oidc/token',
    });
    expect(await openApiEndpoints(guardServing(serve).guard)).toEqual({
      authorizationUrl: 'http://localhost:3001/oidc/auth',
      tokenUrl: 'http://127.0.0.1:3001/oidc/token',
    });
  });

  it('rejects an answer other than 200, even a JSON document, naming the URL and the status', async () => {
    const url = `${ISSUER}/.well-known/openid-configuration`;
    const document = documentOf({
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
    });
    const notFound = guardServing((input) => new Response(document(input).body, { status: 404 }));
    expect(await refusal(notFound.guard)).toEqual({
      code: 'discovery_failed',
      status: 503,
      cause: `${url} answered HTTP 404`,
    });
    const empty = guardServing(() => new Response(null, { status: 500 }));
    expect((await refusal(empty.guard)).cause).toBe(`${url} answered HTTP 500`);
  });
});
