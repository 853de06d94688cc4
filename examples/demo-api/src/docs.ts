/**
 * What makes the demo API discoverable: its RFC 9728 metadata, its OpenAPI document derived from the
 * routes' policies, and Swagger UI, whose "Authorize" gets a client-credentials token from the issuer or
 * signs a person in (authorization code with PKCE).
 *
 * @module
 */
import type { UserApplicationConfig } from '@logto-guard/dev-issuer';
import express, { type Express, type Request } from 'express';
import { type Guard, type OpenApiEndpoints, openApiComponents, openApiEndpoints } from 'logto-guard';
import { openApiPathsOf, serveResourceMetadata } from 'logto-guard/express';
import swaggerUi from 'swagger-ui-express';

/** The single-page app of the local issuer's world that Swagger UI signs people in with. */
export const SWAGGER_UI_CLIENT_ID = 'swagger-ui';

/**
 * The Swagger UI single-page app (public client, PKCE) for the local issuer's world: its redirect URI is
 * Swagger UI's own `oauth2-redirect.html` under `/docs` on each of the API's origins.
 */
export function swaggerUiApplication(origins: readonly string[]): UserApplicationConfig {
  return {
    id: SWAGGER_UI_CLIENT_ID,
    type: 'spa',
    name: 'Swagger UI (/docs)',
    redirectUris: origins.map((origin) => `${origin}/docs/oauth2-redirect.html`),
  };
}

/** The URL of this server as the client reached it. */
const origin = (req: Request) => `${req.protocol}://${req.get('host')}`;

/**
 * Serves `/.well-known/oauth-protected-resource`; call it before the routes so it is never shadowed.
 */
export function registerResourceMetadata(app: Express, guard: Guard): void {
  app.use(serveResourceMetadata(guard, { resourceName: 'logto-guard demo API' }));
}

/**
 * Serves `/openapi.json` and Swagger UI at `/docs`; call it after the protected routes. Browsers may not
 * call the issuer's token endpoint (it allows no cross-origin requests for confidential clients), so
 * Swagger UI's token requests (both flows) go through `POST /docs/token`, which forwards them to the
 * issuer and adds `resource=<API resource>` (Swagger UI cannot put it in the body, and without it the
 * issuer answers an opaque token). The authorization-code flow signs in at the issuer's authorization
 * endpoint, read from its discovery document, with the {@link SWAGGER_UI_CLIENT_ID} app and
 * `resource=<API resource>`.
 */
export function registerApiDocs(app: Express, guard: Guard): void {
  const tokenEndpoint = `${guard.options.issuers[0]}/token`;
  const resource = guard.options.audiences[0] as string;
  // Discovery is read on the first request for the document, and again after a failure; until it
  // answers, the document names Logto's own endpoints.
  let endpoints: Promise<Partial<OpenApiEndpoints>> | undefined;
  const issuerEndpoints = () => {
    endpoints ??= openApiEndpoints(guard).catch(() => {
      endpoints = undefined;
      return {};
    });
    return endpoints;
  };

  app.get('/openapi.json', async (req, res) => {
    const { authorizationUrl } = await issuerEndpoints();
    res.json({
      openapi: '3.1.0',
      info: {
        title: 'logto-guard demo API',
        version: '0.1.0',
        description: `Tokens from ${guard.options.issuers[0]} for ${resource}.`,
      },
      servers: [{ url: origin(req) }],
      paths: openApiPathsOf(app),
      components: openApiComponents(guard, {
        flows: ['clientCredentials', 'authorizationCode'],
        authorizationUrl,
        tokenUrl: `${origin(req)}/docs/token`,
      }),
    });
  });

  app.post('/docs/token', express.urlencoded({ extended: false }), async (req, res) => {
    const form = new URLSearchParams(req.body as Record<string, string>);
    if (!form.has('resource') && !form.has('organization_id')) form.set('resource', resource);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (req.headers.authorization !== undefined) headers.authorization = req.headers.authorization;
    try {
      const answer = await fetch(tokenEndpoint, { method: 'POST', headers, body: form });
      res
        .status(answer.status)
        .type('application/json')
        .send(await answer.text());
    } catch {
      res.status(503).json({ error: 'Authorization server unavailable' });
    }
  });

  app.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(undefined, {
      swaggerOptions: {
        url: '/openapi.json',
        persistAuthorization: true,
        // Authorization code: Logto needs the API's resource indicator at sign-in, and a public client PKCE.
        oauth: {
          clientId: SWAGGER_UI_CLIENT_ID,
          usePkceWithAuthorizationCodeGrant: true,
          additionalQueryStringParams: { resource },
        },
      },
    }),
  );
}
