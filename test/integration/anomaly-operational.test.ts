// The operational detector (the product default) on the incident of issue 13, item 1, through the built
// executable and a real Prometheus: four instances (vLLM current names, vLLM ≤ 0.10 names, SGLang), 2 h at a
// 15 s scrape, TTFT histograms with the engines' real bucket boundaries (so p95 from histogram_quantile is
// quantized and nearly flat). One instance's p95 TTFT goes from ~0.22 s to ~0.9 s for the last 30 minutes.
// All data sits at a fixed date, so the result does not depend on when the test runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle, type QueryJsonFrame } from '../host';
import { createBlocksFromOpenMetrics, startPrometheus, type RunningService } from '../support/services';

const MIN = 60_000;
const SCRAPE = 15_000;
const T_END = Date.UTC(2026, 0, 5, 12, 0, 0);
const T_START = T_END - 120 * MIN;
const INCIDENT = { from: T_END - 30 * MIN, to: T_END };
/** An hour before the incident, a short dip on another instance (a one-bucket wobble, not an incident). */
const DIP = { from: T_END - 90 * MIN, to: T_END - 89 * MIN };

/** vllm/v1/metrics/loggers.py and sglang/srt/metrics/collector.py TTFT bucket boundaries. */
const VLLM_TTFT = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
const SGLANG_TTFT = [0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400];

interface Instance {
  metric: string;
  labels: string;
  bounds: number[];
  instance: string;
}
const INSTANCES: Instance[] = [
  { metric: 'vllm:time_to_first_token_seconds', labels: 'model_name="llama-3-8b",engine="0"', bounds: VLLM_TTFT, instance: 'vllm-a:8000' },
  { metric: 'vllm:time_to_first_token_seconds', labels: 'model_name="llama-3-8b",engine="0"', bounds: VLLM_TTFT, instance: 'vllm-b:8000' },
  // vLLM ≤ 0.10 exports no `engine` label.
  { metric: 'vllm:time_to_first_token_seconds', labels: 'model_name="llama-3-8b"', bounds: VLLM_TTFT, instance: 'vllm-old:8000' },
  { metric: 'sglang:time_to_first_token_seconds', labels: 'model_name="qwen-7b"', bounds: SGLANG_TTFT, instance: 'sglang-a:30000' },
];
const SICK = 'vllm-a:8000';

let seed = 4242;
const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const gaussian = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());

function openMetrics(): string {
  const out: string[] = [];
  for (const metric of new Set(INSTANCES.map((i) => i.metric))) out.push(`# TYPE ${metric} histogram`);
  // One family per metric name: OpenMetrics wants a family's lines together.
  const byMetric = new Map<string, string[]>();
  for (const inst of INSTANCES) {
    const counts = new Array<number>(inst.bounds.length).fill(0);
    let count = 0;
    let sum = 0;
    const lines = byMetric.get(inst.metric) ?? [];
    for (let t = T_START; t <= T_END; t += SCRAPE) {
      const sick = inst.instance === SICK && t >= INCIDENT.from;
      const dip = inst.instance === 'vllm-b:8000' && t >= DIP.from && t < DIP.to;
      const median = (inst.metric.startsWith('sglang') ? 0.35 : 0.12) * (sick ? 4 : dip ? 0.93 : 1);
      const requests = 45 + Math.round(5 * gaussian());
      for (let r = 0; r < requests; r++) {
        const ttft = median * Math.exp(0.4 * gaussian());
        count++;
        sum += ttft;
        for (let b = 0; b < inst.bounds.length; b++) if (ttft <= inst.bounds[b]!) counts[b]!++;
      }
      const base = `${inst.labels},instance="${inst.instance}",job="llm"`;
      const ts = t / 1000;
      inst.bounds.forEach((le, b) => lines.push(`${inst.metric}_bucket{${base},le="${le}"} ${counts[b]} ${ts}`));
      lines.push(`${inst.metric}_bucket{${base},le="+Inf"} ${count} ${ts}`);
      lines.push(`${inst.metric}_sum{${base}} ${sum} ${ts}`);
      lines.push(`${inst.metric}_count{${base}} ${count} ${ts}`);
    }
    byMetric.set(inst.metric, lines);
  }
  out.length = 0;
  for (const [metric, lines] of byMetric) out.push(`# TYPE ${metric} histogram`, ...lines);
  out.push('# EOF', '');
  return out.join('\n');
}

let prom: RunningService;
let plugin: PluginHandle;
let dir: string;
let blocks: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'llmops-anomaly-ops-'));
  const file = path.join(dir, 'ttft.om');
  writeFileSync(file, openMetrics());
  blocks = createBlocksFromOpenMetrics(file);
  prom = await startPrometheus({ tsdbDir: blocks });
  plugin = await startPlugin();
}, 120_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (blocks) rmSync(blocks, { recursive: true, force: true });
});

const SOURCE = { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] };

async function anomaly(model: Record<string, unknown>, range: { from: number; to: number }, refId = 'A') {
  const json = await plugin.queryJson(
    [{ refId, queryType: 'anomaly', model: { queryType: 'anomaly', source: SOURCE, ...model }, from: range.from, to: range.to, intervalMs: SCRAPE, maxDataPoints: 1000 }],
    { settings: { uid: 'anomaly-ops', url: prom.url, jsonData: { timeInterval: '15s' } } }
  );
  return json.results[refId]!;
}

const field = (f: QueryJsonFrame, name: string) => f.schema.fields.findIndex((x) => x.name === name);
const column = (f: QueryJsonFrame, name: string) => f.data.values[field(f, name)] as Array<number | null>;
const instanceOf = (f: QueryJsonFrame) => f.schema.fields[field(f, 'value')]!.labels?.instance;
const seriesFrames = (frames: QueryJsonFrame[]) => frames.filter((f) => f.schema.meta?.type === 'timeseries-multi');

describe('operational anomaly detection on a quantized TTFT p95 step (real Prometheus, built executable)', () => {
  const PANEL = { from: T_START, to: T_END };
  let frames: QueryJsonFrame[];
  beforeAll(async () => {
    const r = await anomaly({ detector: { sensitivity: 0.5 } }, PANEL);
    expect(r.error).toBeUndefined();
    frames = seriesFrames(r.frames!);
  });

  it('answers one series per instance across engines and name generations', () => {
    expect(frames.map(instanceOf).sort()).toEqual(INSTANCES.map((i) => i.instance).sort());
  });

  it('flags the step within 3 points and keeps it flagged while it lasts', () => {
    const f = frames.find((x) => instanceOf(x) === SICK)!;
    const times = column(f, 'time') as number[];
    const flags = column(f, 'flag');
    const during = times.map((t, i) => [t, flags[i]] as const).filter(([t]) => t >= INCIDENT.from + 2 * MIN);
    const flagged = during.filter(([, v]) => v === 1).length;
    expect(flagged / during.length).toBeGreaterThanOrEqual(0.8);
    const first = times.find((t, i) => flags[i] === 1 && t >= INCIDENT.from)!;
    expect(first - INCIDENT.from).toBeLessThanOrEqual(3 * MIN + 2 * SCRAPE);
    expect(times.filter((t, i) => flags[i] === 1 && t < INCIDENT.from)).toEqual([]);
  });

  it('does not learn the incident: the band at the end is the pre-incident one, inside the domain', () => {
    const f = frames.find((x) => instanceOf(x) === SICK)!;
    const upper = column(f, 'upper').filter((v): v is number => v !== null);
    const lower = column(f, 'lower').filter((v): v is number => v !== null);
    expect(upper.at(-1)!).toBeLessThan(0.4);
    expect(Math.min(...lower)).toBeGreaterThanOrEqual(0);
  });

  it('flags nothing on the healthy instances, including the one-bucket dip', () => {
    for (const f of frames.filter((x) => instanceOf(x) !== SICK)) {
      expect(column(f, 'flag').filter((v) => v === 1), instanceOf(f)).toEqual([]);
    }
  });

  it('keeps past flags when the range end moves later', async () => {
    const earlier = seriesFrames((await anomaly({}, { from: T_START, to: T_END - 7 * MIN - 15_000 })).frames!);
    const a = frames.find((x) => instanceOf(x) === SICK)!;
    const b = earlier.find((x) => instanceOf(x) === SICK)!;
    const flagAt = new Map((column(a, 'time') as number[]).map((t, i) => [t, column(a, 'flag')[i]]));
    const common = (column(b, 'time') as number[]).map((t, i) => [t, column(b, 'flag')[i]] as const).filter(([t]) => flagAt.has(t));
    expect(common.length).toBeGreaterThan(60);
    for (const [t, v] of common) expect(v, new Date(t).toISOString()).toBe(flagAt.get(t));
  });

  it('the instant score, as the shipped alert rule reads it, stays above 0.9 during the incident', async () => {
    // The alert rule: sensitivity 0.8, the last hour, score > 0.9 for 10 minutes.
    for (const end of [INCIDENT.from + 12 * MIN, INCIDENT.from + 20 * MIN, T_END]) {
      const r = await anomaly({ instant: true, detector: { sensitivity: 0.8 } }, { from: end - 60 * MIN, to: end });
      const byInstance = Object.fromEntries(r.frames!.map((f) => [f.schema.fields[0]!.labels!.instance, f.data.values[0]![0] as number]));
      expect(byInstance[SICK], new Date(end).toISOString()).toBeGreaterThan(0.9);
      for (const other of INSTANCES.filter((i) => i.instance !== SICK)) expect(byInstance[other.instance]).toBeLessThan(0.5);
    }
  });

  it('keeps the NAB-tuned detector as a named preset', async () => {
    const r = await anomaly({ detector: { method: 'nab' } }, PANEL);
    expect(r.status).toBe(200);
    expect(r.frames![0]!.schema.meta!.executedQueryString).toMatch(/Anomaly detection \(nab\)/);
  });
});

describe('peer outliers: the replica that departs from its siblings (real Prometheus, built executable)', () => {
  const BY_MODEL = { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model', 'instance'] };

  it('flags the vLLM replica whose TTFT left its two siblings, and neither sibling', async () => {
    const r = await anomaly({ source: BY_MODEL, detector: { mode: 'peers', peerGroup: ['model'] } }, { from: T_START, to: T_END });
    expect(r.error).toBeUndefined();
    const frames = seriesFrames(r.frames!);
    const llama = frames.filter((f) => f.schema.fields[field(f, 'value')]!.labels?.model === 'llama-3-8b');
    expect(llama).toHaveLength(3);
    for (const f of llama) {
      const flagged = (column(f, 'time') as number[]).filter((_, i) => column(f, 'flag')[i] === 1);
      if (instanceOf(f) === SICK) {
        expect(flagged.length).toBeGreaterThan(15);
        expect(Math.min(...flagged)).toBeGreaterThanOrEqual(INCIDENT.from);
      } else {
        expect(flagged, instanceOf(f)).toEqual([]);
      }
    }
    expect(r.frames![0]!.schema.meta!.executedQueryString).toMatch(/Anomaly detection \(peers by model\)/);
    const notes = r.frames!.find((f) => f.schema.meta?.dataTopic === 'annotations')!;
    const texts = notes.data.values[notes.schema.fields.findIndex((x) => x.name === 'text')] as string[];
    expect(texts.some((t) => /instance vllm-a:8000 departs from its 2 peers with the same model llama-3-8b: ×\d/.test(t))).toBe(true);
    // SGLang's model has one replica: too few peers, said in a notice rather than guessed.
    expect(JSON.stringify(r.frames![0]!.schema.meta!.notices)).toMatch(/Peer outliers \(model qwen-7b\)/);
  });

  it('a peer group the source is not grouped by is a 400 naming the fix', async () => {
    const r = await anomaly({ source: BY_MODEL, detector: { mode: 'peers', peerGroup: ['namespace'] } }, { from: T_START, to: T_END });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^invalid anomaly query: detector\.peerGroup: the source must be grouped by namespace too/);
  });
});
