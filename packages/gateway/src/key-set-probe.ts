/**
 * Readiness: whether the guard's keys can be had. The guard fetches through the `fetch` given here, so
 * each of its discovery and JWKS fetches is counted; a warm-up at start (and on `/readyz` while not
 * ready) fetches them once through the same path, so a gateway becomes ready before its first request.
 *
 * @module
 */
import type { Guard } from 'logto-guard';

import type { GatewayMetrics } from './metrics.js';

/** Observes the key fetches of one guard. */
export interface KeySetProbe {
  /** The fetch to give `createGuard`. */
  readonly fetch: typeof fetch;
  /** True once a key set was fetched successfully. */
  readonly ready: boolean;
  /** Binds the probe to the guard it serves (needed to tell discovery from JWKS, and to warm up). */
  attach(guard: Guard): void;
  /** Fetches discovery and the key set once (shared by concurrent callers); resolves to `ready`. */
  warmUp(): Promise<boolean>;
}

/** Creates a probe whose fetches are counted in `metrics`. */
export function createKeySetProbe(
  metrics: GatewayMetrics,
  base: typeof fetch = globalThis.fetch,
): KeySetProbe {
  let guard: Guard | undefined;
  let ready = false;
  let pending: Promise<boolean> | undefined;

  function kindOf(url: string): 'discovery' | 'jwks' {
    const source = guard?.options.keySource;
    return source?.kind === 'discovery' && source.url === url ? 'discovery' : 'jwks';
  }

  const observed: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const kind = kindOf(url);
    try {
      const response = await base(input, init);
      metrics.keySetFetches.inc({ kind, result: response.ok ? 'ok' : 'failed' });
      if (response.ok && kind === 'jwks') ready = true;
      return response;
    } catch (error) {
      metrics.keySetFetches.inc({ kind, result: 'failed' });
      throw error;
    }
  };

  async function fetchJson(url: string): Promise<Record<string, unknown>> {
    const response = await observed(url, {
      signal: AbortSignal.timeout(guard?.options.fetchTimeout ?? 5_000),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  async function load(): Promise<boolean> {
    const source = guard?.options.keySource;
    if (source === undefined) return false;
    try {
      const uri = source.kind === 'jwks' ? source.uri : (await fetchJson(source.url)).jwks_uri;
      if (typeof uri !== 'string') return false;
      const keys = (await fetchJson(uri)).keys;
      return Array.isArray(keys) && keys.length > 0 && ready;
    } catch {
      return false;
    }
  }

  return {
    fetch: observed,
    get ready() {
      return ready;
    },
    attach(value) {
      guard = value;
    },
    warmUp() {
      if (ready) return Promise.resolve(true);
      pending ??= load().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
