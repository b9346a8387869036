// The incident suite itself (bench/incidents.bench.ts measures the product with it): its ground truth is
// consistent, its data in a real Prometheus has the engines' own metric names, labels and histogram
// bucket boundaries, every scripted incident is visible in the raw metrics, and the built backend answers
// every query the suite asks, and the answers meet every goal of issue 13 (D).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite, storageShiftMs, type LoadedIncident, type LoadedSuite } from '../../bench/incidents/load';
import { GOALS, missedGoals, rootcauseModel, runSuite, suiteNumbers, type SuiteReport } from '../../bench/incidents/run-suite';
import { describeRca, rcaCorrect, readRootcause } from '../../bench/incidents/score';
import { DAY, HOUR, INCIDENTS, MIN, WEEK } from '../../bench/incidents/scenarios';
import { suiteRows } from '../../bench/incidents.bench';


let suite: LoadedSuite;
let report: SuiteReport;

beforeAll(async () => {
  suite = await loadSuite();
  report = await runSuite(suite);
  // Today's numbers, for the record (the bench prints the same table).
  console.log(suiteRows(report).map((r) => `${r.name}: ${Number.isNaN(r.value) ? '–' : r.value} ${r.unit} (${r.note ?? ''})`).join('\n'));
  // About 110 M samples to generate and 60 queries: minutes on the shared 2-core machines.
}, 600_000);

afterAll(async () => {
  await suite?.stop();
});

const byId = (id: string): LoadedIncident => suite.incidents.find((i) => i.case.id === id)!;

async function promQuery(expr: string, timeMs: number): Promise<Array<{ metric: Record<string, string>; value: number }>> {
  const res = await fetch(`${suite.prom.url}/api/v1/query?${new URLSearchParams({ query: expr, time: String(timeMs / 1000) })}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

async function one(expr: string, timeMs: number): Promise<number> {
  const r = await promQuery(expr, timeMs);
  if (r.length !== 1) throw new Error(`${expr} at ${new Date(timeMs).toISOString()}: ${r.length} series`);
  return r[0].value;
}

/** Label sets of the series matching `match` within [from, to]. */
async function series(match: string, from: number, to: number): Promise<Array<Record<string, string>>> {
  const q = new URLSearchParams({ 'match[]': match, start: String(from / 1000), end: String(to / 1000) });
  const body = (await (await fetch(`${suite.prom.url}/api/v1/series?${q}`)).json()) as { data: Array<Record<string, string>> };
  return body.data;
}

async function leValues(metric: string, instance: string): Promise<number[]> {
  const { dayStartMs, dayEndMs } = suite.control;
  const s = await series(`${metric}{instance="${instance}"}`, dayStartMs, dayEndMs);
  return [...new Set(s.map((x) => x.le).filter((le) => le !== '+Inf'))].map(Number).sort((a, b) => a - b);
}

// Bucket boundaries as the engines define them (facts read from their sources):
// vLLM vllm/v1/metrics/loggers.py (PrometheusStatLogger), SGLang python/sglang/srt/metrics/collector.py
// (TokenizerMetricsCollector defaults), TGI router/src/server.rs (35 duration buckets: value *= 1.5 from 0.0001).
const VLLM_TTFT = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
const VLLM_ITL = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];
const VLLM_REQUEST = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];
const SGLANG_TTFT = [0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400];
const SGLANG_ITL = [0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.06, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8];
// sglang/srt/metrics/collector.py @ 93d04878 (as in test/fixtures/exposition/ for SGLang 0.5.1).
const SGLANG_E2E = [0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400, 600, 1200, 1800, 2400];
const TGI_DURATION = (() => {
  const out: number[] = [];
  let v = 0.0001;
  for (let i = 0; i < 35; i++) out.push((v *= 1.5));
  return out;
})();

const close = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= 1e-9 * Math.max(1, Math.abs(b[i])));

describe('ground truth', () => {
  it('has one fault per incident, inside its scenario, with two days of history before and data after it', () => {
    expect(suite.incidents.map((i) => i.case.id)).toEqual(INCIDENTS.map((c) => c.id));
    for (const { case: c, truth, fault } of suite.incidents) {
      expect(truth.faults, c.id).toHaveLength(1);
      expect(fault.inRange, c.id).toBe(true);
      expect(fault.kind, c.id).toBe(c.fault.kind);
      expect(fault.startMs - truth.startMs, c.id).toBeGreaterThanOrEqual(2 * DAY - truth.stepSeconds * 1000);
      expect(truth.endMs - fault.endMs, c.id).toBeGreaterThanOrEqual(15 * MIN);
      expect(fault.target.instances.length, c.id).toBeGreaterThan(0);
      for (const inst of fault.target.instances) expect(truth.instances.map((x) => x.instance), c.id).toContain(inst);
      if (c.affected === 'gpus') expect(fault.target.gpus.length, c.id).toBeGreaterThan(0);
      if (c.visibleAtRampShare !== undefined) expect(fault.rampMs, c.id).toBeGreaterThan(0);
    }
    expect(byId('surge').fault.target.instances).toHaveLength(4);
  });

  it('keeps scenarios apart by more than the detector’s default 3-day history and stores them whole weeks later', () => {
    const ranges = [...suite.incidents.map((i) => [i.truth.startMs, i.truth.endMs]), [suite.control.truth.startMs, suite.control.truth.endMs]];
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0] - ranges[i - 1][1]).toBeGreaterThan(3 * DAY);
    expect(suite.shiftMs % WEEK).toBe(0);
    expect(storageShiftMs(Date.now())).toBe(suite.shiftMs);
    // The newest data lies within the 7 days the datasource's engine detection reads.
    expect(Date.now() - suite.control.truth.endMs).toBeLessThan(7 * DAY + HOUR);
    expect(Date.now() - suite.control.truth.endMs).toBeGreaterThanOrEqual(HOUR);
  });

  it('restarts one instance on the control day (a counter reset) and has no incident there', () => {
    const { restart, dayStartMs, dayEndMs } = suite.control;
    expect(restart.kind).toBe('restart');
    expect(restart.startMs).toBeGreaterThan(dayStartMs);
    expect(restart.endMs).toBeLessThan(dayEndMs);
    expect(suite.control.truth.faults).toHaveLength(1);
  });
});

describe('metric names, labels and bucket boundaries (as the engines define them)', () => {
  it('vLLM: TTFT, ITL and request-latency buckets of vllm/v1/metrics/loggers.py, current and ≤ 0.10 names', async () => {
    expect(close(await leValues('vllm:time_to_first_token_seconds_bucket', 'vllm-llama-8b-0:8000'), VLLM_TTFT)).toBe(true);
    expect(close(await leValues('vllm:time_to_first_token_seconds_bucket', 'vllm-llama-8b-1:8000'), VLLM_TTFT)).toBe(true);
    expect(close(await leValues('vllm:inter_token_latency_seconds_bucket', 'vllm-llama-8b-0:8000'), VLLM_ITL)).toBe(true);
    expect(close(await leValues('vllm:time_per_output_token_seconds_bucket', 'vllm-llama-8b-1:8000'), VLLM_ITL)).toBe(true);
    expect(close(await leValues('vllm:e2e_request_latency_seconds_bucket', 'vllm-llama-8b-0:8000'), VLLM_REQUEST)).toBe(true);
    const { dayStartMs, dayEndMs } = suite.control;
    const current = await series('vllm:kv_cache_usage_perc', dayStartMs, dayEndMs);
    const legacy = await series('vllm:gpu_cache_usage_perc', dayStartMs, dayEndMs);
    expect(current.map((l) => [l.instance, l.model_name, l.engine])).toEqual([['vllm-llama-8b-0:8000', 'llama-3.1-8b-instruct', '0']]);
    expect(legacy.map((l) => [l.instance, l.model_name, l.engine])).toEqual([['vllm-llama-8b-1:8000', 'llama-3.1-8b-instruct', undefined]]);
    // Python's client prints float bounds with a decimal point.
    const s = await series('vllm:time_to_first_token_seconds_bucket{instance="vllm-llama-8b-0:8000"}', dayStartMs, dayEndMs);
    expect(s.map((x) => x.le)).toContain('1.0');
  });

  it('SGLang: TTFT, ITL and E2E buckets of its metrics collector', async () => {
    expect(close(await leValues('sglang:time_to_first_token_seconds_bucket', 'sglang-qwen-7b-0:30000'), SGLANG_TTFT)).toBe(true);
    expect(close(await leValues('sglang:inter_token_latency_seconds_bucket', 'sglang-qwen-7b-0:30000'), SGLANG_ITL)).toBe(true);
    expect(close(await leValues('sglang:e2e_request_latency_seconds_bucket', 'sglang-qwen-7b-0:30000'), SGLANG_E2E)).toBe(true);
  });

  it('TGI: 35 geometric duration buckets of router/src/server.rs', async () => {
    expect(close(await leValues('tgi_request_duration_bucket', 'tgi-mistral-7b-0:8080'), TGI_DURATION)).toBe(true);
    // Rust prints the f64 as computed, not rounded.
    const { dayStartMs, dayEndMs } = suite.control;
    const s = await series('tgi_request_duration_bucket{instance="tgi-mistral-7b-0:8080"}', dayStartMs, dayEndMs);
    expect(s.map((x) => x.le)).toContain('0.00015000000000000001');
  });

  it('DCGM with Hostname on one host and hostname on the other; node_exporter; Prometheus up per serving target', async () => {
    const { dayStartMs, dayEndMs } = suite.control;
    const temp = await series('DCGM_FI_DEV_GPU_TEMP', dayStartMs, dayEndMs);
    expect(temp).toHaveLength(4);
    expect(temp.filter((l) => l.Hostname === 'gpu-node-h100-1').map((l) => l.gpu).sort()).toEqual(['0', '1']);
    expect(temp.filter((l) => l.hostname === 'gpu-node-l4-1').map((l) => l.gpu).sort()).toEqual(['0', '1']);
    for (const l of temp) expect(l.UUID).toMatch(/^GPU-/);
    expect((await series('node_cpu_seconds_total{mode="idle"}', dayStartMs, dayEndMs)).length).toBe(16);
    expect((await series('up', dayStartMs, dayEndMs)).map((l) => l.instance).sort()).toEqual(
      ['sglang-qwen-7b-0:30000', 'tgi-mistral-7b-0:8080', 'vllm-llama-8b-0:8000', 'vllm-llama-8b-1:8000']
    );
  });
});

describe('every incident is in the raw metrics', () => {
  const at = (id: string, minutes: number) => byId(id).fault.startMs + minutes * MIN;
  const before = (id: string) => byId(id).fault.startMs - 30 * MIN;

  it('step: KV cache of vllm-llama-8b-0 fills and preemptions start', async () => {
    const q = 'vllm:kv_cache_usage_perc{instance="vllm-llama-8b-0:8000"}';
    expect(await one(`max_over_time(${q}[10m])`, at('step', 10))).toBeGreaterThan(0.95);
    expect(await one(`max_over_time(${q}[10m])`, before('step'))).toBeLessThan(0.5);
    expect(await one('increase(vllm:num_preemptions_total{instance="vllm-llama-8b-0:8000"}[10m])', at('step', 10))).toBeGreaterThan(0);
  });

  it('ramp: the GPU memory of vllm-llama-8b-1 grows through the hour', async () => {
    const q = 'DCGM_FI_DEV_FB_USED{Hostname="gpu-node-h100-1",gpu="1"}';
    const v = [await one(q, before('ramp')), await one(q, at('ramp', 15)), await one(q, at('ramp', 40)), await one(q, at('ramp', 65))];
    for (let i = 1; i < v.length; i++) expect(v[i], `${v}`).toBeGreaterThan(v[i - 1]);
  });

  it('spike: requests queue on sglang-qwen-7b-0 within the 2 minutes and not 30 minutes before', async () => {
    expect(await one('max_over_time(sglang:num_queue_reqs[2m])', at('spike', 2))).toBeGreaterThan(0);
    expect(await one('max_over_time(sglang:num_queue_reqs[10m])', before('spike'))).toBe(0);
  });

  it('error burst: TGI succeeds for about three quarters of requests', async () => {
    const ok = (t: number) => one('rate(tgi_request_success[5m]) / rate(tgi_request_count[5m])', t);
    expect(await ok(at('error_burst', 10))).toBeLessThan(0.85);
    expect(await ok(before('error_burst'))).toBeGreaterThan(0.98);
  });

  it('thermal: the SGLang GPU passes 84 °C and its SM clock drops', async () => {
    const gpu = '{hostname="gpu-node-l4-1",gpu="0"}';
    expect(await one(`DCGM_FI_DEV_GPU_TEMP${gpu}`, at('thermal', 20))).toBeGreaterThanOrEqual(84);
    expect(await one(`DCGM_FI_DEV_SM_CLOCK${gpu}`, at('thermal', 20))).toBeLessThan(await one(`DCGM_FI_DEV_SM_CLOCK${gpu}`, before('thermal')));
  });

  it('surge: every instance serves about 2.5 times its traffic', async () => {
    const rate = (t: number) => promQuery('sum by (instance) (rate({__name__=~"vllm:request_success_total|sglang:num_requests_total|tgi_request_count"}[5m]))', t);
    const during = await rate(at('surge', 20));
    const base = await rate(before('surge'));
    expect(during).toHaveLength(4);
    for (const d of during) {
      const b = base.find((x) => x.metric.instance === d.metric.instance)!;
      expect(d.value / b.value, d.metric.instance).toBeGreaterThan(1.8);
    }
  });

  it('instance down: its series stop, up is 0, and counters restart from 0 afterwards', async () => {
    const inst = 'vllm-llama-8b-1:8000';
    expect(await one(`up{instance="${inst}"}`, at('instance_down', 10))).toBe(0);
    expect(await promQuery(`count_over_time(vllm:num_requests_running{instance="${inst}"}[10m])`, at('instance_down', 15))).toEqual([]);
    expect(await one(`resets(vllm:request_success_total{instance="${inst}",finished_reason="stop"}[1h])`, at('instance_down', 50))).toBe(1);
  });

  it('xid: DCGM reports XID 79 on the GPU of vllm-llama-8b-0 and its requests fail', async () => {
    expect(await one('max(DCGM_FI_DEV_XID_ERRORS{Hostname="gpu-node-h100-1",gpu="0"})', at('xid', 10))).toBe(79);
    expect(await one('sum(rate(vllm:request_success_total{instance="vllm-llama-8b-0:8000",finished_reason="error"}[5m]))', at('xid', 10))).toBeGreaterThan(0);
  });

  it('control: diurnal traffic and one counter reset', async () => {
    const { dayStartMs, restart } = suite.control;
    const rate = (h: number) => one('sum(rate(vllm:request_success_total{instance="vllm-llama-8b-0:8000"}[5m]))', dayStartMs + h * HOUR);
    expect(await rate(15)).toBeGreaterThan(2 * (await rate(3)));
    expect(await one('resets(vllm:request_success_total{instance="vllm-llama-8b-1:8000",finished_reason="stop"}[1h])', restart.endMs + 30 * MIN)).toBe(1);
  });
});

describe('the built backend answers every query of the suite', () => {
  it('anomaly and rootcause queries return without errors, and each incident’s source has its affected series', () => {
    expect(report.queryErrors).toEqual([]);
    for (const i of report.incidents) {
      expect(i.detection.affectedSeries, i.id).toBeGreaterThan(0);
      expect(i.rca.kind, `${i.id}: ${i.rcaSummary}`).not.toBe('error');
    }
    expect(report.control.windows.map((w) => w.series)).toEqual([3, 4, 4, 4, 4]);
    expect(report.control.rca.length).toBe(24);
  });

  it('reports today’s goal numbers', () => {
    const x = suiteNumbers(report);
    for (const k of ['detectedWithin3', 'sustainedShareFlagged', 'rcaTop1', 'healthyNoCause'] as const) {
      expect(x[k], k).toBeGreaterThanOrEqual(0);
      expect(x[k], k).toBeLessThanOrEqual(1);
    }
    expect(Number.isFinite(x.falseWindowsPerSeriesDay)).toBe(true);
    expect(Number.isInteger(x.bandPointsOutsideDomain)).toBe(true);
    expect(Object.keys(GOALS).sort()).toEqual(Object.keys(x).sort());
  });

  it('meets every goal of issue 13 (D)', () => {
    expect(missedGoals(suiteNumbers(report))).toEqual([]);
  });

  it('finds the incident on a short range too: the surge asked about from 20 minutes before it', async () => {
    // Twenty minutes of normal data in the range: the search reads the history before it (lookback.ts).
    const inc = byId('surge');
    const from = inc.fault.startMs - 20 * MIN;
    const to = Math.min(inc.truth.endMs, inc.fault.endMs + 15 * MIN);
    const res = await suite.plugin.queryJson(
      [{ refId: 'A', queryType: 'rootcause', model: rootcauseModel(inc.case.rca.target), from, to, intervalMs: suite.scrapeSeconds * 1000, maxDataPoints: 1000 }],
      { settings: suite.settings }
    );
    const answer = readRootcause(res.results.A!);
    expect(rcaCorrect(answer, inc.fault, inc.case.rca.causes, true), describeRca(answer)).toBe(true);
    // The window found lies in the range asked.
    expect(answer.kind === 'ranked' ? answer.window!.start : NaN).toBeGreaterThanOrEqual(from);
    // TGI has no TTFT histogram: the answer says its model was not searched, and what would include it.
    const notices = (res.results.A!.frames ?? []).flatMap((f) => ((f.schema.meta?.notices ?? []) as Array<{ text: string }>).map((n) => n.text));
    expect(notices.filter((t) => t.startsWith('TGI has no Time to first token p95'))).toHaveLength(1);
    expect(notices.find((t) => t.startsWith('TGI'))).toContain('pick End-to-end latency as the target to include them');
  });
});
