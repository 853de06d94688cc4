/**
 * What makes the demo API discoverable: its RFC 9728 metadata, its OpenAPI document derived from the
 * routes' policies, and Swagger UI, whose "Authorize" gets a client-credentials token from the issuer.
 *
 * @module
 */
import express, { type Express, type Request } from 'express';
import { type Guard, openApiComponents } from 'logto-guard';
import { openApiPathsOf, serveResourceMetadata } from 'logto-guard/express';
import swaggerUi from 'swagger-ui-express';

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
 * Swagger UI's client-credentials "Authorize" goes through `POST /docs/token`, which forwards the request
 * to the issuer and adds `resource=<API resource>` (Swagger UI cannot send it).
 */
export function registerApiDocs(app: Express, guard: Guard): void {
  const tokenEndpoint = `${guard.options.issuers[0]}/token`;
  const resource = guard.options.audiences[0] as string;

  app.get('/openapi.json', (req, res) => {
    res.json({
      openapi: '3.1.0',
      info: {
        title: 'logto-guard demo API',
        version: '0.1.0',
        description: `Tokens from ${guard.options.issuers[0]} for ${resource}.`,
      },
      servers: [{ url: origin(req) }],
      paths: openApiPathsOf(app),
      components: openApiComponents(guard, { tokenUrl: `${origin(req)}/docs/token` }),
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
    swaggerUi.setup(undefined, { swaggerOptions: { url: '/openapi.json', persistAuthorization: true } }),
  );
}
