// The `anomaly` query through the built executable against a real Prometheus, loaded (promtool
// create-blocks) with four days of hand-made series whose anomalies are known exactly: a daily-seasonal
// latency with a spike on instance a, the same without spike on b, a constant on c, a gap on d; a raw
// counter with two resets; a gauge with only two hours of history; and vLLM KV-cache usage saturating
// on one pod (through the `signal` source).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import { startPlugin, type PluginHandle, type QueryJsonFrame } from '../host';
import { createBlocksFromOpenMetrics, startPrometheus, type RunningService } from '../support/services';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP = MIN;
// End of the data: the fixed scenario time (a whole hour); the backend's clock starts there.
const T_END = SCENARIO_END_MS;
const T_START = T_END - 4 * DAY;
const SPIKE = { from: T_END - 3 * HOUR, to: T_END - 3 * HOUR + 20 * MIN };
const GAP = { from: T_END - 5 * HOUR, to: T_END - 4 * HOUR };
const KV = { from: T_END - 2 * HOUR, to: T_END - 2 * HOUR + 30 * MIN };
const RESETS = [T_END - 4 * HOUR, T_END - 90 * MIN];
const PANEL = { from: T_END - 6 * HOUR, to: T_END };
const inside = (t: number, w: { from: number; to: number }) => t >= w.from && t < w.to;

let seed = 12345;
const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5;
/** Roughly normal noise with standard deviation 1 (sum of four uniforms), like real measurement noise. */
const noise = () => (uniform() + uniform() + uniform() + uniform()) * Math.sqrt(3);
const daily = (t: number) => Math.sin((2 * Math.PI * (t % DAY)) / DAY);

function openMetrics(): string {
  const out: string[] = [];
  const times: number[] = [];
  for (let t = T_START; t <= T_END; t += STEP) times.push(t);
  const sample = (name: string, labels: string, v: number, t: number) => out.push(`${name}{${labels}} ${v} ${t / 1000}`);

  out.push('# TYPE llm_test_latency_seconds gauge');
  for (const inst of ['a', 'b', 'c', 'd']) {
    for (const t of times) {
      if (inst === 'd' && inside(t, GAP)) continue;
      const base = 0.5 + 0.2 * daily(t) + 0.01 * noise();
      const v = inst === 'c' ? 0.25 : inst === 'a' && inside(t, SPIKE) ? base + 1 : base;
      sample('llm_test_latency_seconds', `instance="${inst}",job="llm"`, v, t);
    }
  }
  out.push('# TYPE llm_test_requests counter');
  let count = 0;
  for (const t of times) {
    count = RESETS.includes(t) ? 0 : count + 300 + Math.round(10 * noise());
    sample('llm_test_requests_total', 'instance="a",job="llm"', count, t);
  }
  out.push('# TYPE llm_test_fresh gauge');
  for (const t of times) if (t >= T_END - 2 * HOUR) sample('llm_test_fresh', 'instance="new",job="llm"', 3 + 0.1 * noise(), t);

  out.push('# TYPE vllm:kv_cache_usage_perc gauge');
  for (const pod of ['a', 'b']) {
    for (const t of times) {
      const v = pod === 'a' && inside(t, KV) ? 0.99 : 0.45 + 0.15 * daily(t) + 0.01 * noise();
      sample('vllm:kv_cache_usage_perc', `model_name="m",instance="${pod}:8000",pod="${pod}",namespace="llm",job="vllm"`, v, t);
    }
  }
  out.push('# EOF', '');
  return out.join('\n');
}

let prom: RunningService;
let plugin: PluginHandle;
let dir: string;
let blocks: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'llmops-anomaly-'));
  const file = path.join(dir, 'series.om');
  writeFileSync(file, openMetrics());
  blocks = createBlocksFromOpenMetrics(file);
  prom = await startPrometheus({ tsdbDir: blocks });
  plugin = await startPlugin({ clockStartMs: T_END });
});

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (blocks) rmSync(blocks, { recursive: true, force: true });
});

const settings = () => ({ uid: 'anomaly-prom', url: prom.url, jsonData: { timeInterval: '60s' } });

async function anomaly(model: Record<string, unknown>, range = PANEL, refId = 'A') {
  const json = await plugin.queryJson(
    [{ refId, queryType: 'anomaly', model: { queryType: 'anomaly', ...model }, from: range.from, to: range.to, intervalMs: 15_000, maxDataPoints: 1500 }],
    { settings: settings() }
  );
  return json.results[refId]!;
}

const field = (f: QueryJsonFrame, name: string) => f.schema.fields.findIndex((x) => x.name === name);
const column = (f: QueryJsonFrame, name: string) => f.data.values[field(f, name)] as Array<number | null>;
const labelsOf = (f: QueryJsonFrame) => f.schema.fields[field(f, 'value')]!.labels ?? {};
const flaggedTimes = (f: QueryJsonFrame) => column(f, 'time').filter((_, i) => column(f, 'flag')[i] === 1) as number[];
const seriesFrames = (frames: QueryJsonFrame[]) => frames.filter((f) => f.schema.meta?.type === 'timeseries-multi');

describe('anomaly query, range form (real Prometheus, built executable)', () => {
  let frames: QueryJsonFrame[];
  beforeAll(async () => {
    const r = await anomaly({ source: { queryType: 'promql', expr: 'llm_test_latency_seconds', legendFormat: '{{instance}}' }, detector: { sensitivity: 0.5 } });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    frames = r.frames!;
  });

  it('returns one timeseries-multi frame per series with value, expected, band, score and flag, labelled', () => {
    const series = seriesFrames(frames);
    expect(series.map((f) => labelsOf(f).instance)).toEqual(['a', 'b', 'c', 'd']);
    for (const f of series) {
      expect(f.schema.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
      expect(f.schema.fields.map((x) => `${x.name}:${x.type}`)).toEqual(['time:time', 'value:number', 'expected:number', 'lower:number', 'upper:number', 'score:number', 'flag:number']);
      for (const x of f.schema.fields.slice(1)) expect(x.labels).toEqual({ __name__: 'llm_test_latency_seconds', instance: labelsOf(f).instance, job: 'llm' });
      const times = column(f, 'time') as number[];
      expect(times[0]).toBeGreaterThanOrEqual(PANEL.from);
      expect(times.at(-1)).toBeLessThanOrEqual(PANEL.to);
    }
    const a = series[0]!;
    expect(a.schema.fields[field(a, 'expected')]!.config).toMatchObject({ displayNameFromDS: 'a expected' });
    expect(a.schema.fields[field(a, 'upper')]!.config).toMatchObject({ displayNameFromDS: 'a upper', custom: { fillBelowTo: 'a lower' } });
    expect(a.schema.meta!.executedQueryString).toMatch(/Anomaly detection \(operational\): sensitivity 0.5, seasonality auto, history 3d at 60s step/);
  });

  it('flags the injected spike inside its window, and nothing on the healthy, constant or gapped series', () => {
    const [a, b, c, d] = seriesFrames(frames);
    const flagged = flaggedTimes(a!);
    expect(flagged.length).toBeGreaterThanOrEqual(1);
    expect(flagged[0]! - SPIKE.from).toBeLessThanOrEqual(2 * MIN); // detected within two samples
    // The flag marks the anomaly window, which lasts while the score stays above the threshold; the
    // calibrated score averages the last raw scores, so it decays for a while after the spike ends
    // (about 15 samples here). Anything later than 20 samples after the spike would be a false alarm.
    const spikeAndRecovery = { from: SPIKE.from, to: SPIKE.to + 20 * STEP };
    for (const t of flagged) expect(inside(t, spikeAndRecovery), new Date(t).toISOString()).toBe(true);
    const scoreA = column(a!, 'score');
    const peak = Math.max(...(scoreA.filter((_, i) => inside(column(a!, 'time')[i] as number, SPIKE)) as number[]));
    expect(peak).toBeGreaterThan(0.9);
    expect(flaggedTimes(b!)).toEqual([]);
    expect(flaggedTimes(c!)).toEqual([]);
    expect(Math.max(...(column(c!, 'score') as number[]))).toBe(0);
    // The gap is a silence of instance d: flagged over the gap (beyond Prometheus' 5-minute staleness),
    // with no invented values, and nothing flagged around it.
    const silence = flaggedTimes(d!);
    expect(silence.length).toBeGreaterThan(40);
    for (const t of silence) expect(t >= GAP.from && t < GAP.to, new Date(t).toISOString()).toBe(true);
    const dTimes = column(d!, 'time') as number[];
    expect(dTimes.filter((t, i) => t >= GAP.from + 6 * MIN && t < GAP.to && column(d!, 'value')[i] !== null)).toEqual([]);
  });

  it('lists anomaly windows as an annotations frame', () => {
    const ann = frames.find((f) => f.schema.meta?.dataTopic === 'annotations')!;
    expect(ann.schema.fields.map((x) => `${x.name}:${x.type}`)).toEqual(['time:time', 'timeEnd:time', 'title:string', 'text:string', 'tags:string', 'score:number']);
    const times = ann.data.values[0] as number[];
    const titles = ann.data.values[2] as string[];
    // The spike on a, and the silence of d (earlier, so first).
    expect(titles).toEqual(['Anomaly: d', 'Anomaly: a']);
    expect(inside(times[1]!, SPIKE)).toBe(true);
    expect((ann.data.values[1] as number[])[1]).toBeGreaterThan(times[1]!);
    expect((ann.data.values[4] as string[])[1]).toBe('anomaly,instance=a,job=llm');
    expect(inside(times[0]!, GAP)).toBe(true);
    expect((ann.data.values[3] as string[])[0]).toMatch(/^d stopped reporting after \d\d:\d\d UTC, back at \d\d:\d\d UTC \(no other series replaced it\)\.$/);
  });
});

describe('anomaly query, instant form for alert rules', () => {
  it('gives numeric-multi frames with the latest score per series and unique labels', async () => {
    // Evaluated in the middle of the spike (as an alert rule over the last 10 minutes would be).
    const at = SPIKE.from + 10 * MIN;
    const r = await anomaly({ instant: true, source: { queryType: 'promql', expr: 'llm_test_latency_seconds' }, detector: { sensitivity: 0.5 } }, { from: at - 10 * MIN, to: at });
    expect(r.status).toBe(200);
    const frames = r.frames!;
    expect(frames).toHaveLength(4);
    const keys = new Set<string>();
    const score: Record<string, number> = {};
    for (const f of frames) {
      expect(f.schema.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(f.schema.fields).toHaveLength(1);
      expect(f.schema.fields[0]).toMatchObject({ name: 'score', type: 'number' });
      expect(f.data.values[0]).toHaveLength(1);
      const labels = f.schema.fields[0]!.labels!;
      keys.add(JSON.stringify(labels));
      score[labels.instance!] = f.data.values[0]![0] as number;
    }
    expect(keys.size).toBe(4);
    expect(score.a).toBeGreaterThanOrEqual(0.3); // the threshold at sensitivity 0.5
    for (const healthy of ['b', 'c', 'd']) expect(score[healthy]).toBeLessThan(0.3);
  });

  it('after the spike the score falls back', async () => {
    const r = await anomaly({ instant: true, source: { queryType: 'promql', expr: 'llm_test_latency_seconds{instance="a"}' } }, { from: T_END - 10 * MIN, to: T_END });
    expect(r.frames![0]!.data.values[0]![0]).toBeLessThan(0.3);
  });
});

describe('anomaly query: signals, counters, short history', () => {
  it('a signal source (vLLM KV-cache usage by instance): saturation flagged on a only', async () => {
    const r = await anomaly({ source: { queryType: 'signal', signal: 'kv_cache_usage', groupBy: ['instance'] }, detector: { sensitivity: 0.5, seasonality: 'daily' } });
    expect(r.error).toBeUndefined();
    const series = seriesFrames(r.frames!);
    expect(series.map((f) => labelsOf(f).instance)).toEqual(['a:8000', 'b:8000']);
    const [a, b] = series;
    expect(a!.schema.fields[field(a!, 'value')]!.config).toMatchObject({ unit: 'percentunit' });
    expect(a!.schema.fields[field(a!, 'expected')]!.config).toMatchObject({ unit: 'percentunit' });
    const flagged = flaggedTimes(a!);
    expect(flagged.length).toBeGreaterThanOrEqual(1);
    expect(flagged[0]! - KV.from).toBeLessThanOrEqual(2 * MIN);
    for (const t of flagged) expect(inside(t, KV), new Date(t).toISOString()).toBe(true);
    expect(flaggedTimes(b!)).toEqual([]);
  });

  it('a raw counter is scored on its rate: resets are not anomalies', async () => {
    const r = await anomaly({ source: { queryType: 'promql', expr: 'llm_test_requests_total' } });
    const [f] = seriesFrames(r.frames!);
    expect(flaggedTimes(f!)).toEqual([]);
    expect(f!.schema.fields[field(f!, 'value')]!.config).toMatchObject({ unit: 'cps' });
    const rates = (column(f!, 'value') as Array<number | null>).filter((v): v is number => v !== null);
    expect(Math.min(...rates)).toBeGreaterThan(4);
    expect(Math.max(...rates)).toBeLessThan(6);
    expect(JSON.stringify(r.frames![0]!.schema.meta!.notices)).toMatch(/Cumulative counter detected/);
  });

  it('short history gives a clear warning notice', async () => {
    const r = await anomaly({ source: { queryType: 'promql', expr: 'llm_test_fresh' } }, { from: T_END - HOUR, to: T_END });
    expect(r.status).toBe(200);
    const notices = r.frames![0]!.schema.meta!.notices as Array<{ severity: string; text: string }>;
    expect(notices.find((n) => n.severity === 'warning' && /^Short history: 2h of data before the end of the range, the detector wants 2d/.test(n.text))).toBeDefined();
  });

  it('no data: one typed empty frame, no annotations', async () => {
    const r = await anomaly({ source: { queryType: 'promql', expr: 'llm_test_does_not_exist' } });
    expect(r.frames).toHaveLength(1);
    expect(r.frames![0]!.schema.meta).toMatchObject({ type: 'timeseries-multi' });
    expect(r.frames![0]!.schema.fields).toEqual([]);
  });
});

describe('anomaly query validation', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['sensitivity out of range', { source: { queryType: 'promql', expr: 'up' }, detector: { sensitivity: 2 } }, /^invalid anomaly query: detector\.sensitivity: /],
    ['missing source', { detector: { sensitivity: 0.5 } }, /^invalid anomaly query: source: /],
    ['unknown source type', { source: { queryType: 'cost' } }, /^invalid anomaly query: source\.queryType: /],
    ['bad signal', { source: { queryType: 'signal', signal: 'nope' } }, /^invalid anomaly query: source\.signal: /],
    ['bad seasonality', { source: { queryType: 'promql', expr: 'up' }, detector: { seasonality: 'hourly' } }, /^invalid anomaly query: detector\.seasonality: /],
    ['bad method', { source: { queryType: 'promql', expr: 'up' }, detector: { method: 'prophet' } }, /^invalid anomaly query: detector\.method: "prophet" is not supported/],
    ['bad history', { source: { queryType: 'promql', expr: 'up' }, detector: { history: 'forever' } }, /^invalid anomaly query: detector\.history: /],
  ];
  for (const [name, model, message] of cases) {
    it(`${name} → 400 naming the field`, async () => {
      const r = await anomaly(model);
      expect(r.status).toBe(400);
      expect(r.error).toMatch(message);
    });
  }
});
