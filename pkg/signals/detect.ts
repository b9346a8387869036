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

/** Detections of past ranges kept per datasource (a dashboard looking at last month's incident). */
const MAX_PAST_DETECTIONS = 8;
const DAY_MS = 24 * 3600 * 1000;

export class FleetDetector {
  private cached: Detection | undefined;
  private inflight: Promise<Detection> | undefined;
  /** Detections of ranges outside the current lookback, keyed by their day-aligned range. */
  private readonly past = new Map<string, Promise<Detection>>();

  constructor(
    private readonly prometheus: PrometheusClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /**
   * The families present. With `range` (the query's), a range that ends before the recent lookback starts is
   * detected over its own days instead: a series that stopped reporting a week ago still has its signals
   * when a user looks at that week.
   */
  async get(opts: { refresh?: boolean; signal?: AbortSignal; range?: { from: number; to: number } } = {}): Promise<Detection> {
    const r = opts.range;
    // Ranges the recent lookback does not cover (older ones, or ones after the plugin's clock: a skewed
    // clock, LLMOPS_CLOCK_START) get a detection over their own days.
    if (r && (r.to < this.now() - DETECTION_LOOKBACK_MS + DAY_MS || r.to > this.now() + DAY_MS)) return this.getPast(r, opts.signal);
    if (!opts.refresh && this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached;
    if (!this.inflight) {
      this.inflight = this.detect(this.now(), opts.signal).finally(() => (this.inflight = undefined));
    }
    const d = await this.inflight;
    this.cached = d;
    return d;
  }

  /** The last detection, if any, without contacting Prometheus. */
  peek(): Detection | undefined {
    return this.cached;
  }

  private getPast(r: { from: number; to: number }, signal?: AbortSignal): Promise<Detection> {
    // Whole days, so the panels of one dashboard (and a range end that moves) share a detection.
    const end = Math.ceil(r.to / DAY_MS) * DAY_MS;
    const start = Math.min(Math.floor(r.from / DAY_MS) * DAY_MS, end - DETECTION_LOOKBACK_MS);
    const key = `${start}-${end}`;
    let d = this.past.get(key);
    if (!d) {
      d = this.detect(end, signal, start);
      d.catch(() => this.past.delete(key));
      this.past.set(key, d);
      while (this.past.size > MAX_PAST_DETECTIONS) this.past.delete(this.past.keys().next().value!);
    }
    return d;
  }

  private async detect(at: number, signal?: AbortSignal, startMs = at - DETECTION_LOOKBACK_MS): Promise<Detection> {
    const range = { startMs, endMs: at, signal };
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
