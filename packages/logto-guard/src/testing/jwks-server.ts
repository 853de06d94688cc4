/**
 * Serves an issuer's discovery document and JWKS, in memory (a fetch function) or on a loopback port.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the served endpoints behave; `error` answers 503, `hang` never answers. */
export type OutageMode = 'none' | 'error' | 'hang';

/** What the server needs to know about its issuer. */
export interface ServedIssuer {
  issuer(): string;
  jwks(): unknown;
  outage(): OutageMode;
  countJwksRequest(): void;
}

/** Answers a request for `pathname` like Logto's OIDC endpoints. */
export function answer(
  source: ServedIssuer,
  pathname: string,
  signal?: AbortSignal | null,
): Promise<Response> {
  const mode = source.outage();
  if (mode === 'hang') {
    return new Promise((_, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
  if (mode === 'error') return Promise.resolve(new Response('unavailable', { status: 503 }));
  const base = new URL(source.issuer()).pathname.replace(/\/$/, '');
  if (pathname === `${base}/.well-known/openid-configuration`) {
    const issuer = source.issuer();
    return Promise.resolve(
      Response.json({
        issuer,
        jwks_uri: `${issuer}/jwks`,
        token_endpoint: `${issuer}/token`,
        id_token_signing_alg_values_supported: ['ES384'],
      }),
    );
  }
  if (pathname === `${base}/jwks`) {
    source.countJwksRequest();
    return Promise.resolve(
      Response.json(source.jwks(), { headers: { 'cache-control': 'no-cache, max-age=0' } }),
    );
  }
  return Promise.resolve(Response.json({ error: 'not_found' }, { status: 404 }));
}

/** Starts an HTTP server on 127.0.0.1 (random port) that answers like {@link answer}. */
export async function listen(source: ServedIssuer): Promise<{ server: Server; origin: string }> {
  const hanging = new Set<import('node:http').ServerResponse>();
  const server = createServer((req, res) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    answer(source, new URL(req.url ?? '/', 'http://x').pathname, controller.signal).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      () => res.destroy(),
    );
    if (source.outage() === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
    }
  });
  server.on('close', () => {
    for (const res of hanging) res.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}
