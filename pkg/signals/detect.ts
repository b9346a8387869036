// Engine detection: which metric families exist, read from the metric names Prometheus knows
// (/api/v1/label/__name__/values) plus the label names of each family. Cached per datasource instance
// with a TTL; CheckHealth forces a refresh. Concurrent callers share one in-flight detection.
import type { PrometheusClient } from '../upstream/prometheus';
import type { Availability } from './build';
import { FAMILIES, type FamilyId } from './families';

export interface Detection extends Availability {
  metricNames: ReadonlySet<string>;
  /** Epoch ms of the detection. */
  at: number;
}

/** How far back detection looks for series (VictoriaMetrics' default is only the last day). */
export const DETECTION_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export class FleetDetector {
  private cached: Detection | undefined;
  private inflight: Promise<Detection> | undefined;

  constructor(
    private readonly prometheus: PrometheusClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now
  ) {}

  async get(opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<Detection> {
    if (!opts.refresh && this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached;
    if (!this.inflight) {
      this.inflight = this.detect(opts.signal).finally(() => (this.inflight = undefined));
    }
    const d = await this.inflight;
    this.cached = d;
    return d;
  }

  /** The last detection, if any, without contacting Prometheus. */
  peek(): Detection | undefined {
    return this.cached;
  }

  private async detect(signal?: AbortSignal): Promise<Detection> {
    const at = this.now();
    const range = { startMs: at - DETECTION_LOOKBACK_MS, endMs: at, signal };
    const names = new Set(await this.prometheus.metricNames(range));
    const families = new Set<FamilyId>();
    const byFamily = new Map<FamilyId, string[]>();
    for (const name of names) {
      for (const f of FAMILIES) {
        if (f.marker.test(name)) {
          families.add(f.id);
          byFamily.set(f.id, [...(byFamily.get(f.id) ?? []), name]);
        }
      }
    }
    const labels = new Map<FamilyId, Set<string>>();
    await Promise.all(
      [...byFamily.entries()].map(async ([id, metrics]) => {
        try {
          // Metric names only contain [a-zA-Z0-9_:]: nothing to escape in RE2 or in a PromQL string.
          const match = `{__name__=~"${metrics.join('|')}"}`;
          labels.set(id, new Set(await this.prometheus.labelNames({ ...range, match: [match] })));
        } catch {
          // Unknown labels only cost precision (every spelling is considered), not correctness.
        }
      })
    );
    return {
      at,
      metricNames: names,
      families,
      hasMetric: (n) => names.has(n),
      familyLabels: (id) => labels.get(id),
    };
  }
}
