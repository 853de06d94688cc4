/**
 * Serves a fetch function (`(request) => Response`) on 127.0.0.1 with a random port, through
 * `@hono/node-server`'s Request/Response bridge. Used by the fetch and Hono adapter tests.
 */
import { serve } from '@hono/node-server';
import type { RunningServer } from '../contract/contract.js';

export function serveFetch(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
      });
    });
  });
}
