// A tiny metrics registry rendered as Prometheus text exposition format, which is what
// Diagnostics/CollectMetrics returns (Grafana serves it at /metrics/plugins/<id>).

type LabelValues = Record<string, string>;

function labelKey(labels: LabelValues): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k]!)}"`)
    .join(',');
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function series(name: string, key: string, value: number, extra = ''): string {
  const labels = [key, extra].filter((s) => s !== '').join(',');
  return `${name}${labels ? `{${labels}}` : ''} ${fmt(value)}`;
}

interface Metric {
  render(): string[];
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string
  ) {}
  inc(labels: LabelValues = {}, by = 1): void {
    const k = labelKey(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: LabelValues = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(series(this.name, k, v));
    return lines;
  }
}

/** A value read at scrape time; `type` lets monotonic process counters be typed correctly. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
    private readonly type: 'gauge' | 'counter' = 'gauge'
  ) {}
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`, series(this.name, '', this.read())];
  }
}

export class Histogram implements Metric {
  private readonly data = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
  ) {}
  observe(labels: LabelValues, value: number): void {
    const k = labelKey(labels);
    let d = this.data.get(k);
    if (!d) {
      d = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.data.set(k, d);
    }
    this.buckets.forEach((b, i) => {
      if (value <= b) d.counts[i]!++;
    });
    d.sum += value;
    d.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [k, d] of this.data) {
      this.buckets.forEach((b, i) => lines.push(series(`${this.name}_bucket`, k, d.counts[i]!, `le="${fmt(b)}"`)));
      lines.push(series(`${this.name}_bucket`, k, d.count, 'le="+Inf"'));
      lines.push(series(`${this.name}_sum`, k, d.sum));
      lines.push(series(`${this.name}_count`, k, d.count));
    }
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }
  histogram(name: string, help: string, buckets?: number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }
  gauge(name: string, help: string, read: () => number, type: 'gauge' | 'counter' = 'gauge'): Gauge {
    return this.add(new Gauge(name, help, read, type));
  }
  private add<M extends Metric>(m: M): M {
    this.metrics.push(m);
    return m;
  }

  /** Prometheus text exposition format, newline-terminated. */
  render(): string {
    return this.metrics.flatMap((m) => m.render()).join('\n') + '\n';
  }
}

/** Standard process_* metrics, so the backend's own footprint is visible in Grafana's plugin metrics. */
export function registerProcessMetrics(registry: MetricsRegistry): void {
  const start = Date.now() / 1000 - process.uptime();
  registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage.rss());
  registry.gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', () => start);
  registry.gauge(
    'process_cpu_seconds_total',
    'Total user and system CPU time spent in seconds.',
    () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    },
    'counter'
  );
  registry.gauge('nodejs_heap_used_bytes', 'V8 heap used in bytes.', () => process.memoryUsage().heapUsed);
}
