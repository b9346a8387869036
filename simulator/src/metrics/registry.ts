// A fixed table of series built once per fleet: each series has its rendered `name{labels}` key, a slot
// in a value array and an active flag (series that only exist during a fault, e.g. a bad deploy's new
// model_name). Writers fill the values from a SimState each step; the text and OpenMetrics renderers
// only walk the table, so a step costs no label formatting.
import type { SimState } from '../model/state';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'info';

export interface FamilyDef {
  /** Name in `# TYPE`: counters keep `_total` (as prometheus_client prints it), histograms are the base name. */
  name: string;
  type: MetricType;
  help: string;
}

export interface RegFamily extends FamilyDef {
  series: number[];
}

export type Labels = ReadonlyArray<readonly [string, string]>;

export type Writer = (s: SimState, v: Float64Array, active: Uint8Array) => void;

function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function renderLabels(labels: Labels): string {
  if (!labels.length) return '';
  return `{${labels.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(',')}}`;
}

export class Registry {
  readonly families: RegFamily[] = [];
  readonly keys: string[] = [];
  /** Metric name of each series (for selecting subsets). */
  readonly names: string[] = [];
  readonly writers: Writer[] = [];
  private byName = new Map<string, RegFamily>();
  values = new Float64Array(0);
  active = new Uint8Array(0);

  family(def: FamilyDef): RegFamily {
    const have = this.byName.get(def.name);
    if (have) {
      if (have.type !== def.type) throw new Error(`metric family ${def.name} registered as ${have.type} and ${def.type}`);
      return have;
    }
    const fam: RegFamily = { ...def, series: [] };
    this.families.push(fam);
    this.byName.set(def.name, fam);
    return fam;
  }

  add(fam: RegFamily, sampleName: string, labels: Labels): number {
    const idx = this.keys.length;
    this.keys.push(sampleName + renderLabels(labels));
    this.names.push(sampleName);
    fam.series.push(idx);
    return idx;
  }

  writer(w: Writer): void {
    this.writers.push(w);
  }

  /** Sizes the value arrays; call after every series is added. */
  seal(): this {
    this.values = new Float64Array(this.keys.length);
    this.active = new Uint8Array(this.keys.length).fill(1);
    return this;
  }

  fill(s: SimState): void {
    for (const w of this.writers) w(s, this.values, this.active);
  }

  get size(): number {
    return this.keys.length;
  }
}

/** Histogram series handles: bucket indices (ascending `le`, then +Inf), sum, count. */
export interface HistHandle {
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * `le` as the exporter prints it: Python's prometheus_client (vLLM, SGLang, hand-rolled apps) writes
 * floats as `1.0`; Go and Rust exporters (the OTel collector, TGI) write `1`.
 */
export type LeStyle = 'python' | 'go';

export function formatLe(b: number, style: LeStyle = 'python'): string {
  return Number.isInteger(b) && style === 'python' ? `${b}.0` : String(b);
}

export function addHistogram(reg: Registry, def: Omit<FamilyDef, 'type'>, labels: Labels, bounds: readonly number[], style: LeStyle = 'python'): HistHandle {
  const fam = reg.family({ ...def, type: 'histogram' });
  const buckets = bounds.map((b) => reg.add(fam, `${def.name}_bucket`, [...labels, ['le', formatLe(b, style)]]));
  buckets.push(reg.add(fam, `${def.name}_bucket`, [...labels, ['le', '+Inf']]));
  const sum = reg.add(fam, `${def.name}_sum`, labels);
  const count = reg.add(fam, `${def.name}_count`, labels);
  return { buckets, sum, count };
}

import type { HistAcc } from '../model/histogram';

/** Writes an accumulator: integer cumulative buckets, +Inf = count, a float sum. */
export function writeHist(h: HistHandle, acc: HistAcc, v: Float64Array): void {
  const n = h.buckets.length - 1;
  const count = Math.floor(acc.count);
  for (let j = 0; j < n; j++) v[h.buckets[j]] = Math.min(count, Math.floor(acc.buckets[j]));
  v[h.buckets[n]] = count;
  v[h.sum] = acc.sum;
  v[h.count] = count;
}
