// Every signal the catalog defines for NVIDIA Triton (with its TensorRT-LLM and GPU metrics) and for
// llama.cpp's server, against real Prometheus and VictoriaMetrics loaded with the same simulator history
// (the `engines` fleet), through the built executable and the test host: each returns one series per
// instance that has it, for every aggregation the variant supports, with values of the right kind and
// order (rates ≥ 0, ratios in [0, 1], latencies in seconds). Plus detection, model normalization, the
// hand-written PromQL they must equal, and promtool on the exposition.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_BY_ID, SIGNALS } from '../../pkg/signals/catalog';
import { resultUnit } from '../../pkg/queries/signal/unit';
import type { SignalDef } from '../../pkg/signals/types';
import {
  buildRegistry,
  createContext,
  enginesFleet,
  initialState,
  renderExposition,
  resolveScenario,
  run as runSteps,
  type BackfillResult,
} from '../../simulator/src';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import type { PluginHandle, QueryJsonFrame, QueryJsonResult } from '../host';
import { bin, type RunningService } from '../support/services';
import { startBackfilledBackends, type BackfilledBackends } from '../support/backfilled-backends';

const TRITON = ['triton-llama-8b-0:8002', 'triton-llama-70b-0:8002'];
const LLAMACPP = ['llamacpp-qwen-7b-0:8080', 'llamacpp-phi-3-mini-0:8080'];
/** The llama.cpp build from before upstream removed its KV-cache gauges (the simulator alternates builds). */
const LLAMACPP_WITH_KV = ['llamacpp-qwen-7b-0:8080'];
/** The newer build, which counts prompt tokens reused from the cache apart. */
const LLAMACPP_WITH_CACHED = ['llamacpp-phi-3-mini-0:8080'];
const LLAMACPP_SLOTS = 8;

/** Which simulated instances show each serving signal: the catalog's Triton/llama.cpp variants, spelled out. */
const SERVING: Record<string, string[]> = {
  ttft: TRITON,
  // llama.cpp: generation seconds per generated token (average only).
  itl: LLAMACPP,
  e2e_latency: TRITON,
  queue_time: TRITON,
  request_rate: TRITON,
  error_ratio: TRITON,
  input_tokens_rate: LLAMACPP,
  output_tokens_rate: LLAMACPP,
  requests_running: [...TRITON, ...LLAMACPP],
  requests_waiting: [...TRITON, ...LLAMACPP],
  kv_cache_usage: [...TRITON, ...LLAMACPP_WITH_KV],
  prefix_cache_hit_ratio: LLAMACPP_WITH_CACHED,
  // Only with a draft model (--model-draft); the simulated servers run none.
  spec_decode_acceptance: [],
};
/** Triton's GPU gauges (exporter "triton"); DCGM reports the same GPUs under their index. */
const TRITON_GPU_SIGNALS = [
  'gpu_utilization',
  'gpu_memory_used_ratio',
  'gpu_fb_used_bytes',
  'gpu_power',
  'gpu_energy_rate',
  'gpu_count',
];
/** Triton's latency counters are cumulative µs sums: no buckets, so no percentiles. */
const TRITON_AVERAGE_ONLY = new Set(['e2e_latency', 'queue_time']);
/** llama.cpp's ITL is generation seconds ÷ tokens: an average, and it counts no requests. */
const LLAMACPP_AVERAGE_ONLY = new Set(['itl']);

const hasVariant = (def: SignalDef, families: string[]) => def.variants.some((v) => families.includes(v.family));

let env: BackfilledBackends;
let plugin: PluginHandle;
let prom: RunningService;
let vm: RunningService;
let om: BackfillResult;
let from: number;
let to: number;

beforeAll(async () => {
  const end = SCENARIO_END_MS;
  env = await startBackfilledBackends({
    fleet: 'engines',
    seed: 11,
    duration: '90m',
    end,
    scenario: 'healthy',
  });
  ({ history: om, prom, vm, plugin } = env);
  to = om.groundTruth.endMs;
  from = to - 3_600_000;
}, 600_000);

afterAll(() => env?.stop());

describe('the test table is the catalog', () => {
  it('lists exactly the serving and GPU signals with a Triton or llama.cpp variant', () => {
    const serving = SIGNALS.filter((s) => s.domain === 'serving' && hasVariant(s, ['triton', 'llamacpp'])).map(
      (s) => s.id
    );
    expect(serving.sort()).toEqual(Object.keys(SERVING).sort());
    const gpu = SIGNALS.filter((s) => hasVariant(s, ['triton_gpu'])).map((s) => s.id);
    expect(gpu.sort()).toEqual([...TRITON_GPU_SIGNALS].sort());
  });
});

const backends = [
  ['Prometheus', () => ({ uid: 'tl-prom', url: prom.url, jsonData: { timeInterval: '15s' } })],
  ['VictoriaMetrics', () => ({ uid: 'tl-vm', url: vm.url, jsonData: { timeInterval: '15s' } })],
] as const;

function labelsOf(frame: QueryJsonFrame): Record<string, string> {
  return frame.schema.fields.find((f) => f.type === 'number')?.labels ?? {};
}

/** Finite values of a range frame (the number field). */
function numbers(frame: QueryJsonFrame): number[] {
  const i = frame.schema.fields.findIndex((f) => f.type === 'number');
  return (frame.data.values[i] as Array<number | null>).filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v)
  );
}

/** Bounds a value of `signal` under `aggregation` must keep, in the signal's unit. */
function plausible(signal: string, aggregation: string): [number, number] {
  const def = SIGNAL_BY_ID.get(signal as never)!;
  if (def.kind === 'histogram') {
    if (aggregation === 'rate') return [0, 100]; // requests per second
    if (signal === 'itl') return [0.001, 5];
    return signal === 'ttft' ? [0.002, 30] : signal === 'queue_time' ? [0, 120] : [0.3, 300];
  }
  if (def.unit === 'percentunit' && aggregation !== 'rate') return [0, 1];
  if (signal === 'requests_running' || signal === 'requests_waiting') return [0, 1000];
  if (signal.endsWith('tokens_rate')) return [0, 100_000];
  return [0, 1000];
}

describe.each(backends)('Triton and llama.cpp on %s', (_name, settingsOf) => {
  async function run(model: Record<string, unknown>, instant = false): Promise<QueryJsonResult> {
    const json = await plugin.queryJson(
      [
        {
          refId: 'A',
          queryType: String(model.queryType ?? 'signal'),
          model: { refId: 'A', queryType: 'signal', instant, ...model },
          from,
          to,
          intervalMs: 60_000,
          maxDataPoints: 60,
        },
      ],
      { settings: settingsOf() }
    );
    return json.results.A!;
  }

  async function seriesOf(model: Record<string, unknown>, instant = false) {
    const r = await run(model, instant);
    expect(r.error, String(r.error)).toBeUndefined();
    return r.frames!.filter((f) => f.schema.fields.length > 0);
  }

  it('engine detection finds both engines and Triton as a GPU exporter', async () => {
    const h = await plugin.checkHealth(settingsOf());
    expect(h.status).toBe('OK');
    const d = h.details as { engines: string[]; models: string[] };
    expect(d.engines).toEqual(expect.arrayContaining(['triton', 'llamacpp']));
    expect(d.engines).not.toContain('vllm');
    expect(d.models).toEqual([...new Set(om.groundTruth.instances.map((i) => i.model))].sort());
    const res = await plugin.callResource({ path: 'engines', settings: settingsOf() });
    expect(res.status).toBe(200);
    const engines = JSON.parse(res.body.toString()) as {
      engines: Array<{ engine: string }>;
      gpuExporters: Array<{ exporter: string }>;
    };
    expect(engines.engines.map((e) => e.engine)).toEqual(expect.arrayContaining(['triton', 'llamacpp']));
    expect(engines.gpuExporters.map((e) => e.exporter).sort()).toEqual(['dcgm', 'triton']);
  });

  it('every serving signal × aggregation: one plausible series per instance that has it', async () => {
    let checked = 0;
    for (const [signal, instances] of Object.entries(SERVING)) {
      const def = SIGNAL_BY_ID.get(signal as never)!;
      for (const aggregation of def.aggregations) {
        const percentile = /^p\d+$/.test(aggregation);
        const want = instances
          .filter((i) => !(percentile && TRITON_AVERAGE_ONLY.has(signal) && TRITON.includes(i)))
          .filter((i) => !(aggregation !== 'avg' && LLAMACPP_AVERAGE_ONLY.has(signal) && LLAMACPP.includes(i)))
          .sort();
        const frames = (await seriesOf({ signal, aggregation, groupBy: ['instance'] })).filter((f) =>
          ['triton', 'llamacpp'].includes(labelsOf(f).engine!)
        );
        const where = `${signal}/${aggregation}`;
        expect({ where, got: frames.map((f) => labelsOf(f).instance).sort() }).toEqual({ where, got: want });
        const [lo, hi] = plausible(signal, aggregation);
        for (const f of frames) {
          const v = numbers(f);
          const at = `${where} ${labelsOf(f).instance}`;
          expect(v.length, at).toBeGreaterThan(30);
          expect(Math.min(...v), at).toBeGreaterThanOrEqual(lo);
          expect(Math.max(...v), at).toBeLessThanOrEqual(hi);
          expect(f.schema.fields[1]!.config?.unit, at).toBe(resultUnit(def, aggregation));
          // Traffic never stops in the simulated hour: throughput and load are not all zero.
          if (signal !== 'requests_waiting' && signal !== 'error_ratio') expect(Math.max(...v), at).toBeGreaterThan(0);
          if (signal === 'requests_running' && LLAMACPP.includes(labelsOf(f).instance!)) {
            expect(Math.max(...v), `${at}: llama.cpp runs at most --parallel slots`).toBeLessThanOrEqual(
              LLAMACPP_SLOTS
            );
          }
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('Triton units line up: TTFT (ms histogram) below the request average (µs counters), both in seconds', async () => {
    for (const instance of TRITON) {
      const ttft = await seriesOf({ signal: 'ttft', aggregation: 'p50', filters: { instance } }, true);
      const e2e = await seriesOf({ signal: 'e2e_latency', aggregation: 'avg', filters: { instance } }, true);
      const queue = await seriesOf({ signal: 'queue_time', aggregation: 'avg', filters: { instance } }, true);
      const [t, e, q] = [ttft, e2e, queue].map((f) => f[0]!.data.values[0]![0] as number);
      expect(t, instance).toBeGreaterThan(0.005);
      expect(t, instance).toBeLessThan(2);
      expect(e, instance).toBeGreaterThan(Math.max(t, 1));
      expect(e, instance).toBeLessThan(30);
      expect(q, instance).toBeLessThan(t);
    }
  });

  it('computes the same numbers as hand-written PromQL on the raw Triton and llama.cpp metrics', async () => {
    const cases = [
      {
        model: { signal: 'e2e_latency', aggregation: 'avg', filters: { instance: TRITON[0] } },
        expr: (w: string) =>
          `sum(rate(nv_inference_request_duration_us{instance="${TRITON[0]}"}[${w}]) * 0.000001) / sum(rate(nv_inference_request_success{instance="${TRITON[0]}"}[${w}]))`,
      },
      {
        model: { signal: 'kv_cache_usage', aggregation: 'max', filters: { instance: TRITON[1] } },
        expr: () => `max(nv_trt_llm_kv_cache_block_metrics{instance="${TRITON[1]}",kv_cache_block_type="fraction"})`,
      },
      {
        // The newer build: prompt tokens computed plus those reused from the cache.
        model: { signal: 'input_tokens_rate', filters: { instance: LLAMACPP[1] } },
        expr: (w: string) =>
          `sum(rate(llamacpp:prompt_tokens_total{instance="${LLAMACPP[1]}"}[${w}]) + rate(llamacpp:prompt_tokens_cached_total{instance="${LLAMACPP[1]}"}[${w}]))`,
      },
      {
        // The older build has no cached counter: its computed prompt tokens.
        model: { signal: 'input_tokens_rate', filters: { instance: LLAMACPP[0] } },
        expr: (w: string) => `sum(rate(llamacpp:prompt_tokens_total{instance="${LLAMACPP[0]}"}[${w}]))`,
      },
      {
        model: { signal: 'prefix_cache_hit_ratio', filters: { instance: LLAMACPP[1] } },
        expr: (w: string) =>
          `sum(rate(llamacpp:prompt_tokens_cached_total{instance="${LLAMACPP[1]}"}[${w}])) / sum(rate(llamacpp:prompt_tokens_total{instance="${LLAMACPP[1]}"}[${w}]) + rate(llamacpp:prompt_tokens_cached_total{instance="${LLAMACPP[1]}"}[${w}]))`,
      },
      {
        model: { signal: 'requests_waiting', aggregation: 'sum', filters: { instance: LLAMACPP[0] } },
        expr: () => `sum(llamacpp:requests_deferred{instance="${LLAMACPP[0]}"})`,
      },
    ];
    for (const c of cases) {
      const r = await run(c.model, true);
      expect(r.error, String(r.error)).toBeUndefined();
      const executed = String(r.frames![0]!.schema.meta!.executedQueryString);
      const window = /\[(\d+s)\]/.exec(executed)?.[1] ?? '60s';
      const direct = await run({ queryType: 'promql', expr: c.expr(window) }, true);
      const want = direct.frames![0]!.data.values[0]![0] as number;
      expect(Number.isFinite(want), JSON.stringify(c.model)).toBe(true);
      expect(r.frames![0]!.data.values[0]![0], JSON.stringify(c.model)).toBeCloseTo(want, 9);
    }
  });

  it('model labels are normalized: Triton `model`, llama.cpp `model` from the pod label', async () => {
    const triton = await seriesOf({ signal: 'request_rate', groupBy: ['model'], filters: { engine: 'triton' } });
    expect(triton.map((f) => labelsOf(f).model).sort()).toEqual(['llama-3.1-70b-instruct', 'llama-3.1-8b-instruct']);
    const llama = await seriesOf({ signal: 'output_tokens_rate', groupBy: ['model'], filters: { engine: 'llamacpp' } });
    expect(llama.map((f) => labelsOf(f).model).sort()).toEqual(['phi-3-mini-4k-instruct', 'qwen2.5-7b-instruct']);
    for (const f of [...triton, ...llama]) expect(Object.keys(labelsOf(f)).sort()).toEqual(['engine', 'model']);
  });

  it("every Triton GPU signal covers the server's GPUs by UUID, on the host it runs on", async () => {
    const tritonInstances = om.groundTruth.instances.filter((i) => i.flavour === 'triton');
    const want = om.groundTruth.gpus
      .filter((g) => tritonInstances.some((i) => i.hostname === g.hostname && i.gpus.includes(g.gpu)))
      .map((g) => `${g.hostname}/${g.UUID}`)
      .sort();
    expect(want).toHaveLength(3);
    const filters = { exporter: 'triton' };
    const bounds: Record<string, [number, number]> = {
      gpu_utilization: [0, 1],
      gpu_memory_used_ratio: [0.5, 1],
      gpu_fb_used_bytes: [1e9, 85.6e9],
      gpu_power: [50, 700],
      gpu_energy_rate: [50, 700],
      gpu_count: [1, 1],
    };
    for (const signal of TRITON_GPU_SIGNALS) {
      const frames = await seriesOf({ signal, groupBy: ['hostname', 'gpu'], filters });
      expect({ signal, got: frames.map((f) => `${labelsOf(f).hostname}/${labelsOf(f).gpu}`).sort() }).toEqual({
        signal,
        got: want,
      });
      for (const f of frames) {
        const v = numbers(f);
        expect(v.length, signal).toBeGreaterThan(30);
        expect(Math.min(...v), signal).toBeGreaterThanOrEqual(bounds[signal]![0]);
        expect(Math.max(...v), signal).toBeLessThanOrEqual(bounds[signal]![1]);
      }
    }
    // The energy counter's rate is the average power.
    const energy = await seriesOf({ signal: 'gpu_energy_rate', aggregation: 'sum', filters }, true);
    const power = await seriesOf({ signal: 'gpu_power', aggregation: 'sum', filters }, true);
    const e = energy[0]!.data.values[0]![0] as number;
    expect(e / (power[0]!.data.values[0]![0] as number)).toBeGreaterThan(0.85);
    expect(e / (power[0]!.data.values[0]![0] as number)).toBeLessThan(1.15);
    const count = await seriesOf({ signal: 'gpu_count', filters }, true);
    expect(count[0]!.data.values[0]).toEqual([3]);
  });
});

describe('exposition of the engines fleet', () => {
  // promtool 2.42 exits 3 on lint findings. These come from the real exporters' own names (Triton's
  // counters without _total and with µs/ms units, llama.cpp's colons) and are reproduced on purpose.
  const EXPECTED_LINT = [
    /^llamacpp:\S+ metric names should not contain ':'$/,
    /^nv_(inference_\w+|energy_consumption) counter metrics should have "_total" suffix$/,
    /^nv_inference_\w+_(us|ms) metric names should not contain abbreviated units$/,
    /^nv_inference_(count|exec_count|pending_request_count) non-histogram and non-summary metrics should not have "_count" suffix$/,
    /^nv_inference_first_response_histogram_ms metric name should not include type 'histogram'$/,
    // From the DCGM exporter and node_exporter the fleet also runs (as in the live simulator test).
    /^DCGM_FI_\S+ label names should be written in 'snake_case' not 'camelCase'$/,
    /^DCGM_FI_DEV_(TOTAL_ENERGY_CONSUMPTION|PCIE_REPLAY_COUNTER) counter metrics should have "_total" suffix$/,
    /^DCGM_FI_DEV_PCIE_REPLAY_COUNTER metric name should not include type 'counter'$/,
    /^node_memory_Mem(Available|Total)_bytes metric names should be written in 'snake_case' not 'camelCase'$/,
  ];

  it("promtool check metrics parses it; the only lint findings are the real exporters' own names", () => {
    const fleet = enginesFleet();
    const anchor = Date.parse('2026-11-25T14:00:00Z');
    const ctx = createContext(fleet, resolveScenario({ name: 't', faults: [] }, fleet, anchor), 3);
    const reg = buildRegistry(ctx);
    reg.fill(runSteps(initialState(ctx, anchor / 15000), ctx, 60));
    const text = renderExposition(reg);
    expect(text).toContain('nv_inference_first_response_histogram_ms_bucket{');
    expect(text).toContain('llamacpp:requests_deferred{');
    const res = spawnSync(bin.promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const findings = `${res.stdout}${res.stderr}`.split('\n').filter(Boolean);
    expect([0, 3], findings.slice(0, 5).join('\n')).toContain(res.status);
    expect(
      findings.some((l) => /error while linting|parsing error/i.test(l)),
      findings.join('\n')
    ).toBe(false);
    expect(findings.filter((l) => !EXPECTED_LINT.some((re) => re.test(l)))).toEqual([]);
    const broken = spawnSync(bin.promtool, ['check', 'metrics'], {
      input: `${text}\nnv_inference_count{model="x" 3\n`,
      encoding: 'utf8',
    });
    expect(broken.status).toBe(1);
  });
});
