import { createServer } from 'node:net';

/** Resolves with whether a TCP server can bind `port` on `host` right now (and frees it again). */
function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * The first port after `taken` (up to 20 further) that can be bound on `host` now, for the
 * "port in use" messages; undefined when none is free (then suggest port 0). It was free when
 * checked: another process may still take it before the user retries.
 *
 * @example
 * ```ts
 * const port = await findFreePortNear(3001, '127.0.0.1'); // 3002 when it is free
 * ```
 */
export async function findFreePortNear(taken: number, host: string): Promise<number | undefined> {
  for (let port = taken + 1; port <= Math.min(taken + 20, 65_535); port += 1) {
    if (await canBind(port, host)) return port;
  }
  return undefined;
}
