/**
 * The gateway's Prometheus metrics as a scrape shows them: decisions by outcome and status, key-set fetches
 * by kind and result, key-set gauges in seconds, values true at each scrape (issue 17: the tests that pin
 * the gateway's rules). No server: the registry is read directly.
 */
import { describe, expect, it } from 'vitest';

import { countedFetch } from '../src/key-set-fetches.js';
import { createMetrics } from '../src/metrics.js';

describe('metrics', () => {
  it('counts one outcome answered with two statuses as two series', async () => {
    const metrics = createMetrics(() => []);
    metrics.recordDecision('x', 401, 0.001);
    metrics.recordDecision('x', 403, 0.001);
    metrics.recordDecision('x', 401, 0.001);
    metrics.recordDecision('x', 403, 0.001);
    metrics.recordDecision('x', 403, 0.001);
    metrics.recordDecision('allowed', 200, 0.001);
    const text = await metrics.registry.metrics();
    expect(text).toContain('logto_guard_gateway_decisions_total{outcome="x",status="401"} 2');
    expect(text).toContain('logto_guard_gateway_decisions_total{outcome="x",status="403"} 3');
    expect(text).toContain('logto_guard_gateway_decisions_total{outcome="allowed",status="200"} 1');
    expect(text).toContain('logto_guard_gateway_decision_duration_seconds_count 6');
  });

  it('counts fetches by kind and result: a non-2xx and a thrown fetch are failures', async () => {
    const metrics = createMetrics(() => []);
    const base = (async (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('throw')) throw new TypeError('fetch failed');
      return new Response('{}', { status: url.includes('bad') ? 500 : 200 });
    }) as typeof fetch;
    const counted = countedFetch(metrics, base);
    await counted('https://t.example/oidc/.well-known/openid-configuration');
    await counted(new Request('https://t.example/oidc/jwks'));
    await counted('https://t.example/oidc/jwks?bad');
    await expect(counted('https://t.example/throw/.well-known/openid-configuration')).rejects.toThrow(
      'fetch failed',
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('logto_guard_gateway_key_set_fetches_total{kind="discovery",result="ok"} 1');
    expect(text).toContain('logto_guard_gateway_key_set_fetches_total{kind="jwks",result="ok"} 1');
    expect(text).toContain('logto_guard_gateway_key_set_fetches_total{kind="jwks",result="failed"} 1');
    expect(text).toContain('logto_guard_gateway_key_set_fetches_total{kind="discovery",result="failed"} 1');
  });

  it('reports what is true at each scrape: counts do not add up across scrapes, gone issuers disappear', async () => {
    let states = [
      {
        issuers: ['https://a/oidc'],
        loaded: true,
        keyCount: 1,
        consecutiveFailures: 0,
        lastSuccessAt: 1_000,
      },
    ];
    const metrics = createMetrics(() => states as never);
    metrics.recordDecision('allowed', 200, 0.001);
    await metrics.registry.metrics();
    states = [
      {
        issuers: ['https://b/oidc'],
        loaded: false,
        keyCount: 0,
        consecutiveFailures: 1,
        lastSuccessAt: 2_000,
      },
    ];
    const text = await metrics.registry.metrics();
    expect(text).toContain('logto_guard_gateway_decisions_total{outcome="allowed",status="200"} 1');
    expect(text).not.toContain('issuer="https://a/oidc"');
    expect(text).toContain('logto_guard_gateway_key_set_loaded{issuer="https://b/oidc"} 0');
    expect(text).toContain(
      'logto_guard_gateway_key_set_last_success_timestamp_seconds{issuer="https://b/oidc"} 2',
    );
  });

  it('reports the key-set gauges of the states it is given, in seconds', async () => {
    const metrics = createMetrics(
      () =>
        [
          {
            issuers: ['https://a/oidc'],
            loaded: true,
            keyCount: 1,
            consecutiveFailures: 0,
            lastSuccessAt: 1_700_000_000_000,
          },
          { issuers: ['https://b/oidc'], loaded: false, keyCount: 0, consecutiveFailures: 2 },
        ] as never,
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('logto_guard_gateway_key_set_loaded{issuer="https://a/oidc"} 1');
    expect(text).toContain('logto_guard_gateway_key_set_loaded{issuer="https://b/oidc"} 0');
    expect(text).toContain(
      'logto_guard_gateway_key_set_last_success_timestamp_seconds{issuer="https://a/oidc"} 1700000000',
    );
    expect(text).not.toContain('last_success_timestamp_seconds{issuer="https://b/oidc"}');
  });

  it('keeps two outcomes with two statuses each apart', async () => {
    const metrics = createMetrics(() => []);
    for (const [outcome, status] of [
      ['a', 401],
      ['a', 403],
      ['b', 401],
      ['b', 503],
      ['b', 503],
    ] as const) {
      metrics.recordDecision(outcome, status, 0.001);
    }
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^logto_guard_gateway_decisions_total\{outcome="a",status="401"\} 1$/m);
    expect(text).toMatch(/^logto_guard_gateway_decisions_total\{outcome="a",status="403"\} 1$/m);
    expect(text).toMatch(/^logto_guard_gateway_decisions_total\{outcome="b",status="401"\} 1$/m);
    expect(text).toMatch(/^logto_guard_gateway_decisions_total\{outcome="b",status="503"\} 2$/m);
  });

  it('describes the decision histogram with its help, type and buckets', async () => {
    const metrics = createMetrics(() => []);
    metrics.recordDecision('allowed', 200, 0.00005);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      '# HELP logto_guard_gateway_decision_duration_seconds Time to decide one request, in seconds\n# TYPE logto_guard_gateway_decision_duration_seconds histogram\n',
    );
    expect(text).toMatch(/^logto_guard_gateway_decision_duration_seconds_bucket\{le="0.0001"\} 1$/m);
    expect(text).toMatch(/^logto_guard_gateway_decision_duration_seconds_bucket\{le="5"\} 1$/m);
  });
});
