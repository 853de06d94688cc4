/**
 * Test helpers shared by this repository's packages: start a server on 127.0.0.1 with a port the system
 * picks (never a fixed one), and get back its URL and a `close` that ends open connections.
 *
 * Not published; not for production code.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

/** A server listening on 127.0.0.1. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Stops the server, ending keep-alive connections so it closes at once. */
  close(): Promise<void>;
}

function running(server: Server): RunningServer {
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Starts anything with a Node-style `listen(port, host, callback)` returning its `http.Server` (an
 * Express or Koa app, `http.createServer(...)`) on 127.0.0.1 with a free port.
 *
 * @example
 * ```ts
 * const server = await listenOnFreePort(app)
 * await fetch(`${server.url}/health`)
 * await server.close()
 * ```
 */
export function listenOnFreePort(app: {
  listen(port: number, host: string, callback: () => void): Server;
}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(running(server)));
    server.once('error', reject);
  });
}

/**
 * Serves a fetch handler (`(request) => Response`, e.g. `app.fetch` of Hono) on 127.0.0.1 with a free
 * port, through `@hono/node-server`'s Request/Response bridge.
 *
 * @example
 * ```ts
 * const server = await serveFetch((request) => Response.json({ path: new URL(request.url).pathname }))
 * ```
 */
export function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running(server as Server)));
  });
}
