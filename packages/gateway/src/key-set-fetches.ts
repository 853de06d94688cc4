/**
 * Counts the guard's fetches of the discovery document and the key set in `/metrics`: the guard fetches
 * through the `fetch` made here. Readiness does not come from here but from the guard's own key-set
 * state (`guard.keySets()`, see operations.ts).
 *
 * @module
 */
import type { GatewayMetrics } from './metrics.js';

const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** `base`, with each call counted in `logto_guard_gateway_key_set_fetches_total{kind,result}`. */
export function countedFetch(metrics: GatewayMetrics, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async function keySetFetch(input, init) {
    const url = input instanceof Request ? input.url : String(input);
    const kind = new URL(url).pathname.endsWith(DISCOVERY_PATH) ? 'discovery' : 'jwks';
    try {
      const response = await base(input, init);
      metrics.keySetFetches.inc({ kind, result: response.ok ? 'ok' : 'failed' });
      return response;
    } catch (error) {
      metrics.keySetFetches.inc({ kind, result: 'failed' });
      throw error;
    }
  } as typeof fetch;
}
