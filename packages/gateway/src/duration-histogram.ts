/**
 * A label-less Prometheus histogram whose `observe` is a bucket increment. prom-client's `Histogram`
 * hashes the (empty) label set, validates it and looks it up on every call: on a decision that takes a
 * microsecond, that is a noticeable share. This one keeps plain numbers and hands them to prom-client's
 * registry in its own format when Prometheus scrapes.
 *
 * @module
 */
import type { MetricValueWithName, Registry } from 'prom-client';

/** Options of {@link createDurationHistogram}. */
export interface DurationHistogramOptions {
  name: string;
  help: string;
  /** Upper bounds in seconds, ascending; `+Inf` is added. */
  buckets: readonly number[];
  registry: Registry;
}

/** What the gateway calls per decision. */
export interface DurationHistogram {
  /** Counts one duration in seconds. */
  observe(seconds: number): void;
}

/**
 * Creates the histogram and registers it on `registry`; it is exposed exactly as prom-client's own
 * (`<name>_bucket{le=...}` cumulative, `<name>_sum`, `<name>_count`).
 *
 * @example
 * ```ts
 * const duration = createDurationHistogram({ name: 'x_seconds', help: 'X', buckets: [0.001, 0.01], registry });
 * duration.observe(0.002); // x_seconds_bucket{le="0.01"} 1
 * ```
 *
 * Does NOT refuse negative or non-finite values: the caller measures with a monotonic clock.
 */
export function createDurationHistogram(options: DurationHistogramOptions): DurationHistogram {
  const { name, help, registry } = options;
  const bounds = [...options.buckets];
  // counts[i] for bounds[i]; the last slot counts what is above every bound (+Inf only).
  const counts = new Float64Array(bounds.length + 1);
  let sum = 0;
  let count = 0;
  function values(): MetricValueWithName<string>[] {
    const lines: MetricValueWithName<string>[] = [];
    let cumulative = 0;
    for (let i = 0; i < bounds.length; i++) {
      cumulative += counts[i] as number;
      lines.push({ metricName: `${name}_bucket`, labels: { le: bounds[i] as number }, value: cumulative });
    }
    lines.push({ metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: count });
    lines.push({ metricName: `${name}_sum`, labels: {}, value: sum });
    lines.push({ metricName: `${name}_count`, labels: {}, value: count });
    return lines;
  }
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    // What the registry reads of a metric when it renders or merges (prom-client's `get()` shape).
    async get() {
      return { name, help, type: 'histogram', aggregator: 'sum', values: values() };
    },
    reset() {
      counts.fill(0);
      sum = 0;
      count = 0;
    },
  };
  registry.registerMetric(metric as never);
  return {
    observe(seconds) {
      let i = 0;
      while (i < bounds.length && seconds > (bounds[i] as number)) i++;
      counts[i] = (counts[i] as number) + 1;
      sum += seconds;
      count += 1;
    },
  };
}
