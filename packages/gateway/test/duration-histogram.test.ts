// The decision-duration histogram is counted by the gateway itself (a bucket increment per decision)
// and must read to Prometheus exactly as prom-client's own Histogram with the same observations.
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { createDurationHistogram } from '../src/duration-histogram.js';

const buckets = [0.0001, 0.001, 0.01];
// On a bound (le is inclusive), between bounds, above every bound, zero.
const observations = [0.00005, 0.0001, 0.0004, 0.001, 0.002, 0.01, 0.5, 0];

async function exposition(fill: (registry: Registry) => (seconds: number) => void): Promise<string> {
  const registry = new Registry();
  const observe = fill(registry);
  for (const seconds of observations) observe(seconds);
  return registry.metrics();
}

describe('decision duration histogram', () => {
  it('is exposed exactly as prom-client renders the same observations', async () => {
    const ours = await exposition((registry) => {
      const histogram = createDurationHistogram({ name: 'd_seconds', help: 'D', buckets, registry });
      return (seconds) => histogram.observe(seconds);
    });
    const theirs = await exposition((registry) => {
      const histogram = new Histogram({ name: 'd_seconds', help: 'D', buckets, registers: [registry] });
      return (seconds) => histogram.observe(seconds);
    });
    expect(ours).toBe(theirs);
    expect(ours).toContain('d_seconds_bucket{le="0.0001"} 3');
    expect(ours).toContain('d_seconds_bucket{le="0.001"} 5');
    expect(ours).toContain('d_seconds_bucket{le="0.01"} 7');
    expect(ours).toContain('d_seconds_bucket{le="+Inf"} 8');
    expect(ours).toContain('d_seconds_count 8');
  });

  it('is emptied by the registry reset and refuses a second metric of its name', async () => {
    const registry = new Registry();
    const histogram = createDurationHistogram({ name: 'd_seconds', help: 'D', buckets, registry });
    histogram.observe(0.002);
    registry.resetMetrics();
    expect(await registry.metrics()).toContain('d_seconds_count 0');
    expect(await registry.metrics()).toContain('d_seconds_sum 0');
    expect(() => new Histogram({ name: 'd_seconds', help: 'D', registers: [registry] })).toThrow(
      /already been registered/,
    );
  });
});
