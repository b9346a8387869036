// Real `/metrics` fixtures (test/fixtures/exposition/*.prom) as stored history: the exposition is parsed
// exactly (names, labels, bucket boundaries), the scrape's target labels from the `# target:` header are
// attached the way Prometheus does with honor_labels: false (an exposed non-empty label of the same name
// becomes exported_<name>; an empty one is absent), and each sample becomes a series over a fixed number
// of steps: counters (and every histogram sample) rise, gauges vary. Values depend only on the step
// index, never on the clock.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Aggregation } from '../../pkg/model/ids';
import { buildSignal, type Availability } from '../../pkg/signals/build';
import { FAMILIES, type FamilyId } from '../../pkg/signals/families';
import type { SignalDef } from '../../pkg/signals/types';
import { SGLANG_PREFILL_SERVER } from '../../pkg/signals/sglang';

export const FIXTURE_DIR = path.resolve(__dirname, '../fixtures/exposition');

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** Sample name as exposed (`x_bucket`, `x_total` …). */
  name: string;
  /** The family it belongs to (histogram base name, counter name as typed). */
  family: string;
  type: MetricType;
  /** Labels after the scrape's target labels are attached. */
  labels: Record<string, string>;
  value: number;
}

export interface Fixture {
  file: string;
  /** `# engine:` header: the engine and version the text is from. */
  engine: string;
  sources: string[];
  target: Record<string, string>;
  /** `# uptime:` header, seconds the process ran before the scrape (counters' average rate). */
  uptimeSec: number;
  samples: Sample[];
}

/** Every fixture file, sorted by name. */
export function loadFixtures(dir = FIXTURE_DIR): Fixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.prom'))
    .sort()
    .map((f) => parseFixture(f, readFileSync(path.join(dir, f), 'utf8')));
}

/** Samples of plain exposition text (no fixture header, no target labels), e.g. the simulator's /metrics. */
export function parseExposition(text: string, where = 'exposition'): Sample[] {
  const types = new Map<string, MetricType>();
  const out: Sample[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const typed = /^# TYPE (\S+) (\w+)$/.exec(line);
    if (typed) types.set(typed[1]!, typed[2] as MetricType);
    if (line.startsWith('#')) return;
    const s = parseSampleLine(line, `${where}:${i + 1}`);
    out.push({ ...s, ...familyOf(s.name, types) });
  });
  return out;
}

export function parseFixture(file: string, text: string): Fixture {
  const types = new Map<string, MetricType>();
  const raw: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  let engine = '';
  let target: Record<string, string> = {};
  let uptimeSec = 3 * 3600;
  const sources: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (!line.trim()) return;
    if (line.startsWith('#')) {
      const typed = /^# TYPE (\S+) (\w+)$/.exec(line);
      if (typed) types.set(typed[1]!, typed[2] as MetricType);
      const header = /^# (engine|source|target|uptime): (.*)$/.exec(line);
      if (header?.[1] === 'uptime') uptimeSec = Number(header[2]);
      if (header?.[1] === 'engine') engine = header[2]!;
      if (header?.[1] === 'source') sources.push(header[2]!);
      if (header?.[1] === 'target') target = parseLabels(`{${header[2]!.replace(/" /g, '",')}}`, where).labels;
      return;
    }
    raw.push(parseSampleLine(line, where));
  });
  if (!engine || !sources.length || !Object.keys(target).length) {
    throw new Error(`${file}: the header must name the engine, its source(s) and the scrape target`);
  }
  const samples = raw.map((s) => {
    const { family, type } = familyOf(s.name, types);
    return { name: s.name, family, type, labels: withTargetLabels(s.labels, target), value: s.value };
  });
  if (!(uptimeSec > 0)) throw new Error(`${file}: # uptime: must be a number of seconds > 0`);
  return { file, engine, sources, target, uptimeSec, samples };
}

function familyOf(name: string, types: Map<string, MetricType>): { family: string; type: MetricType } {
  if (types.has(name)) return { family: name, type: types.get(name)! };
  for (const suffix of ['_bucket', '_sum', '_count', '_total', '_created']) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base && types.has(base)) return { family: base, type: types.get(base)! };
  }
  return { family: name, type: 'untyped' };
}

/** Prometheus' honor_labels: false: target labels win; a clashing exposed value moves to exported_<name>. */
export function withTargetLabels(
  exposed: Record<string, string>,
  target: Record<string, string>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(exposed)) if (v !== '') out[k] = v;
  for (const [k, v] of Object.entries(target)) {
    if (out[k] !== undefined) out[`exported_${k}`] = out[k]!;
    out[k] = v;
  }
  return out;
}

function parseSampleLine(line: string, where: string): { name: string; labels: Record<string, string>; value: number } {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!m) throw new Error(`${where}: no metric name in "${line}"`);
  const name = m[1]!;
  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest, where);
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }
  const fields = rest.trim().split(/\s+/);
  const value = parseValue(fields[0] ?? '', where);
  return { name, labels, value };
}

function parseValue(s: string, where: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  const v = Number(s);
  if (s === '' || Number.isNaN(v)) throw new Error(`${where}: bad sample value "${s}"`);
  return v;
}

/** `{a="x",b="y\"z"}` → labels and the number of characters read (escapes \\ \" \n; spaces after commas). */
function parseLabels(s: string, where: string): { labels: Record<string, string>; length: number } {
  const labels: Record<string, string> = {};
  let i = 1;
  const skipSpace = () => {
    while (s[i] === ' ') i++;
  };
  for (;;) {
    skipSpace();
    if (s[i] === '}') return { labels, length: i + 1 };
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i));
    if (!m) throw new Error(`${where}: bad label name at "${s.slice(i, i + 20)}"`);
    i += m[0].length;
    if (s[i] !== '=' || s[i + 1] !== '"') throw new Error(`${where}: expected ="…" after ${m[0]}`);
    i += 2;
    let v = '';
    while (s[i] !== '"') {
      if (i >= s.length) throw new Error(`${where}: unterminated label value`);
      if (s[i] === '\\') {
        const e = s[i + 1];
        v += e === 'n' ? '\n' : e;
        i += 2;
      } else v += s[i++];
    }
    i++;
    labels[m[0]] = v;
    skipSpace();
    if (s[i] === ',') i++;
  }
}

/**
 * A sample's value at step k (k seconds·stepSec after the scrape): counters (and every histogram sample)
 * rise at the average rate they had since the process started `uptimeSec` before the scrape; gauges
 * vary within −10 %.
 */
export function valueAt(sample: Sample, k: number, stepSec: number, uptimeSec: number): number {
  const v = sample.value;
  if (!Number.isFinite(v) || v === 0) return v;
  const rising = sample.type === 'counter' || sample.type === 'histogram' || sample.type === 'summary';
  // One factor per step for every sample of a label set, so histogram buckets stay cumulative and
  // _count equals the +Inf bucket; k + 0.3·sin(k) is strictly increasing.
  if (rising) return v * (1 + ((k + 0.3 * Math.sin(k)) * stepSec) / uptimeSec);
  if (sample.name.endsWith('_info')) return v;
  return v * (0.95 + 0.05 * Math.sin((2 * Math.PI * k) / 20 + (hash(sample.name) % 7)));
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

export function seriesKey(name: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
  return `${name}{${body}}`;
}

function formatNumber(x: number): string {
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1e6) / 1e6);
}

export interface HistoryOptions {
  /** Epoch ms of the last sample (on the step grid). */
  endMs: number;
  steps: number;
  stepMs: number;
}

/**
 * The fixtures' history as OpenMetrics (seconds, `# EOF`; for promtool create-blocks-from) and as
 * Prometheus text with ms timestamps (VictoriaMetrics' /api/v1/import/prometheus).
 */
export function fixtureHistory(
  fixtures: Fixture[],
  opts: HistoryOptions
): { openMetrics: string; vm: string; series: number } {
  const keys: string[] = [];
  const samples: Array<Sample & { uptimeSec: number }> = [];
  const seen = new Set<string>();
  for (const f of fixtures) {
    for (const s of f.samples) {
      const key = seriesKey(s.name, s.labels);
      if (seen.has(key)) throw new Error(`${f.file}: series ${key} also comes from another fixture`);
      seen.add(key);
      keys.push(key);
      samples.push({ ...s, uptimeSec: f.uptimeSec });
    }
  }
  const om: string[] = [];
  const vm: string[] = [];
  for (let k = 0; k < opts.steps; k++) {
    const t = opts.endMs - (opts.steps - 1 - k) * opts.stepMs;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const v = formatNumber(valueAt(s, k - (opts.steps - 1), opts.stepMs / 1000, s.uptimeSec));
      om.push(`${keys[i]} ${v} ${t / 1000}`);
      vm.push(`${keys[i]} ${v} ${t}`);
    }
  }
  om.push('# EOF');
  return { openMetrics: om.join('\n') + '\n', vm: vm.join('\n') + '\n', series: keys.length };
}

/** What detection would find if only these fixtures were scraped. */
export function fixtureAvailability(fixtures: Fixture[]): Availability {
  const names = new Set(fixtures.flatMap((f) => f.samples.map((s) => s.name)));
  const families = new Set<FamilyId>();
  const labels = new Map<FamilyId, Set<string>>();
  for (const f of fixtures) {
    for (const s of f.samples) {
      for (const fam of FAMILIES) {
        if (!fam.marker.test(s.name)) continue;
        families.add(fam.id);
        const set = labels.get(fam.id) ?? new Set<string>();
        for (const l of Object.keys(s.labels)) set.add(l);
        labels.set(fam.id, set);
      }
    }
  }
  return { families, hasMetric: (m) => names.has(m), familyLabels: (id) => labels.get(id) };
}

export interface Support {
  /** Aggregation that works: the signal's default, else `avg` (average-only variants), else undefined. */
  aggregation?: Aggregation;
  /** Why not (notice text), when no aggregation works or the default does not. */
  why?: string;
}

/** Which signals a fixture's engine answers, as the catalog builds them (no server needed). */
export function fixtureSupport(fixture: Fixture, def: SignalDef): Support {
  const available = fixtureAvailability([fixture]);
  if (def.computed || !def.variants.some((v) => available.families.has(v.family))) {
    const absent = buildSignal({ def: { ...def, computed: undefined }, rateWindow: '1m', available }).skipped;
    return { why: absent.map((s) => s.reason).join('; ') || undefined };
  }
  const tryAgg = (aggregation: Aggregation) => buildSignal({ def, aggregation, rateWindow: '1m', available });
  const first = tryAgg(def.defaultAggregation);
  // A prefill server of a prefill–decode pair: what both servers count is read on the decode server.
  const prefillServer = fixture.samples.some((s) => s.labels[SGLANG_PREFILL_SERVER.label] === SGLANG_PREFILL_SERVER.value);
  if (prefillServer && first.expr?.includes(`${SGLANG_PREFILL_SERVER.label}="${SGLANG_PREFILL_SERVER.value}"`)) {
    return { why: 'counted on the decode server of its prefill–decode pair' };
  }
  if (first.expr) return { aggregation: def.defaultAggregation };
  const why = first.skipped.map((s) => s.reason).join('; ');
  if (def.aggregations.includes('avg') && tryAgg('avg').expr) return { aggregation: 'avg', why };
  return { why };
}
