// Every engine as it really exports (issue 12): the /metrics fixtures in test/fixtures/exposition/, each
// from a named public source, become a short history (exact names, labels and buckets; counters rising,
// gauges varying) in a real Prometheus (promtool OpenMetrics backfill) and a real VictoriaMetrics (text
// import). Through the built backend, every signal the support table marks ✓/avg for a fixture returns
// finite, in-range values with normalized labels filled, on both stores; and the cases the catalog used to
// get wrong are checked by value: Triton ensembles counted once, GPUs seen by DCGM and Triton counted once,
// DCGM's own pod never a workload, TGI's error ratio never negative, hostnames of bare-metal servers, servers
// that export one series per parallel rank (SGLang's TP/DP schedulers, vLLM's data-parallel engines) counted right.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregation } from '../../pkg/model/ids';
import { buildSignal } from '../../pkg/signals/build';
import { SIGNALS } from '../../pkg/signals/catalog';
import type { SignalDef } from '../../pkg/signals/types';
import type { PluginHandle, QueryJsonFrame, QueryJsonResult } from '../host';
import { startPlugin } from '../host';
import {
  fixtureAvailability,
  fixtureHistory,
  fixtureSupport,
  loadFixtures,
  type Fixture,
} from '../support/exposition-fixtures';
import {
  createBlocksFromOpenMetrics,
  flushVictoriaMetrics,
  startPrometheus,
  startVictoriaMetrics,
  tempDir,
  type RunningService,
} from '../support/services';
import { importIntoVictoriaMetrics } from '../support/vm-import';
import { supportMatrix } from '../../scripts/support-matrix';

const STEP_MS = 15_000;
const STEPS = 61;
/**
 * The history ends on the whole minute before the run. Values depend only on the step index; the end
 * follows the clock only because engine detection and the health check look back from "now" (7 days /
 * 1 hour), as they do for users.
 */
const END = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
const FROM = END - 10 * 60_000;

const fixtures = loadFixtures();
const byFile = (f: string) => fixtures.find((x) => x.file === f)!;
/** Sum of a fixture's samples of one metric, optionally only those with these label values. */
const sampleSum = (file: string, name: string, labels: Record<string, string> = {}) =>
  byFile(file).samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

let dir: string;
let prom: RunningService;
let vm: RunningService;
let plugin: PluginHandle;

beforeAll(async () => {
  dir = tempDir('exposition');
  const history = fixtureHistory(fixtures, { endMs: END, steps: STEPS, stepMs: STEP_MS });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'history.om'), history.openMetrics);
  writeFileSync(path.join(dir, 'history.vm.txt'), history.vm);
  const tsdbDir = createBlocksFromOpenMetrics(path.join(dir, 'history.om'), path.join(dir, 'tsdb'));
  [prom, vm, plugin] = await Promise.all([startPrometheus({ tsdbDir }), startVictoriaMetrics(), startPlugin()]);
  await importIntoVictoriaMetrics(path.join(dir, 'history.vm.txt'), vm.url);
  await flushVictoriaMetrics(vm);
}, 300_000);

afterAll(async () => {
  await Promise.all([prom?.stop(), vm?.stop(), plugin?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the fixtures', () => {
  it('each names its engine, public source and scrape target, and the support table in docs is current', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(13);
    for (const f of fixtures) {
      expect(
        f.sources.some((s) => /github\.com|@ [0-9a-f]{40}|@ v\d|[\w-]+\/[\w.-]+ \S+\.(py|go|rs|cpp|md)/.test(s)),
        f.file
      ).toBe(true);
      expect(f.target.instance, f.file).toBeTruthy();
    }
    const doc = readFileSync(path.resolve(__dirname, '../../docs/support-matrix.md'), 'utf8');
    expect(doc).toBe(supportMatrix(fixtures));
  });
});

const backends = [
  ['Prometheus', () => ({ uid: 'fx-prom', url: prom.url, jsonData: { timeInterval: '15s' } })],
  ['VictoriaMetrics', () => ({ uid: 'fx-vm', url: vm.url, jsonData: { timeInterval: '15s' } })],
] as const;

function labelsOf(frame: QueryJsonFrame): Record<string, string> {
  return frame.schema.fields.find((f) => f.type === 'number')?.labels ?? {};
}
function numbers(frame: QueryJsonFrame): number[] {
  const i = frame.schema.fields.findIndex((f) => f.type === 'number');
  return (frame.data.values[i] as Array<number | null>).filter((v): v is number => typeof v === 'number');
}

/** What a value of the signal may be, in its unit. */
function bounds(def: SignalDef, aggregation: string): [number, number] {
  if (def.unit === 'percentunit' && aggregation !== 'rate') return [0, 1];
  if (def.kind === 'histogram' && def.unit === 's' && aggregation !== 'rate') return [0, 3600];
  // Token counts per request or engine step: up to a long context window.
  if (def.kind === 'histogram' && aggregation !== 'rate') return [0, 1e6];
  if (def.unit === 'celsius') return [0, 120];
  if (def.unit === 'hertz') return [1e6, 5e9];
  return [0, 1e13];
}

/** Labels a series of the signal's domain must carry (normalized), given what the engine exports. */
function requiredLabels(def: SignalDef): string[] {
  if (def.domain === 'serving') return ['engine', 'model', 'instance', 'hostname'];
  if (def.domain === 'gpu') return ['exporter', 'hostname', 'gpu', 'gpu_uuid'];
  return ['hostname'];
}

// All fixtures share one server: a signal counts for a fixture when it works for the fixture alone (the
// support table) and also with everything else present (client-only OTel metrics step back when
// servers report gen_ai.server.*).
const everything = fixtureAvailability(fixtures);
/** Whether the signal, built for the shared server, reads any metric this fixture has. */
function readsFixture(f: Fixture, def: SignalDef, aggregation: Aggregation): boolean {
  const expr = buildSignal({ def, aggregation, rateWindow: '1m', available: everything }).expr ?? '';
  return f.samples.some((s) => new RegExp(`(?<![\\w:])${s.name}(?![\\w:])`).test(expr));
}
const cells = fixtures.flatMap((f) =>
  SIGNALS.filter((s) => !s.computed)
    .map((def) => ({ f, def, agg: fixtureSupport(f, def).aggregation }))
    .filter((c) => c.agg === undefined || readsFixture(c.f, c.def, c.agg))
    .filter((c): c is { f: Fixture; def: SignalDef; agg: NonNullable<typeof c.agg> } => c.agg !== undefined)
);

describe.each(backends)('fixtures on %s', (_name, settingsOf) => {
  async function run(model: Record<string, unknown>, instant = false): Promise<QueryJsonResult> {
    const json = await plugin.queryJson(
      [
        {
          refId: 'A',
          queryType: String(model.queryType ?? 'signal'),
          model: { refId: 'A', queryType: 'signal', instant, ...model },
          from: instant ? END : FROM,
          to: END,
          intervalMs: 60_000,
          maxDataPoints: 10,
        },
      ],
      { settings: settingsOf() }
    );
    return json.results.A!;
  }
  async function frames(model: Record<string, unknown>, instant = false) {
    const r = await run(model, instant);
    expect(r.error, `${JSON.stringify(model)}: ${String(r.error)}`).toBeUndefined();
    return r.frames!.filter((f) => f.schema.fields.length > 0);
  }
  const promql = async (expr: string) =>
    (await frames({ queryType: 'promql', expr }, true)).map((f) => ({
      labels: labelsOf(f),
      value: numbers(f)[0]!,
    }));

  it('stores every fixture series exactly: one series per sample, the same bucket boundaries', async () => {
    for (const f of fixtures) {
      const [count] = await promql(`count({instance="${f.target.instance}"})`);
      expect({ file: f.file, series: count?.value }).toEqual({ file: f.file, series: f.samples.length });
      for (const name of new Set(f.samples.filter((s) => s.name.endsWith('_bucket')).map((s) => s.name))) {
        const want = [...new Set(f.samples.filter((s) => s.name === name).map((s) => leOf(s.labels.le)))].sort(
          (a, b) => a - b
        );
        const got = await promql(`group by (le) (${name}{instance="${f.target.instance}"})`);
        expect({ name, le: got.map((g) => leOf(g.labels.le)).sort((a, b) => a - b) }).toEqual({ name, le: want });
      }
    }
  });

  it('every signal each engine exports: finite, in range, normalized labels filled', async () => {
    const failures: string[] = [];
    for (const { f, def, agg } of cells) {
      const where = `${f.file} ${def.id}/${agg}`;
      const groupBy = requiredLabels(def).filter((l) => l !== 'engine');
      const got = (
        await frames({ signal: def.id, aggregation: agg, groupBy, filters: { instance: f.target.instance } })
      )
        .map((fr) => ({ labels: labelsOf(fr), values: numbers(fr) }))
        .filter((s) => s.values.length > 0);
      if (!got.length) {
        failures.push(`${where}: no series`);
        continue;
      }
      const [lo, hi] = bounds(def, agg);
      for (const s of got) {
        const bad = s.values.filter((v) => !Number.isFinite(v) || v < lo || v > hi);
        if (bad.length)
          failures.push(`${where} ${JSON.stringify(s.labels)}: ${bad.slice(0, 3).join(', ')} outside [${lo}, ${hi}]`);
        const missing = requiredLabels(def).filter((l) => (l !== 'gpu_uuid' || hasUuid(f)) && !s.labels[l]);
        if (missing.length)
          failures.push(`${where}: labels ${missing.join(', ')} empty in ${JSON.stringify(s.labels)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cells.length).toBeGreaterThan(140);
  });

  it('Triton ensembles: requests counted once per client request; health lists the ensemble, not its steps', async () => {
    for (const file of ['triton-trtllm-25.01.prom', 'triton-trtllm-25.06.prom']) {
      const instance = byFile(file).target.instance!;
      const [rate] = (await frames({ signal: 'request_rate', aggregation: 'sum', filters: { instance } }, true)).map(
        (fr) => numbers(fr)[0]!
      );
      const [direct] = await promql(
        `sum(rate(nv_inference_request_success{instance="${instance}",model="ensemble"}[1m])) + sum(rate(nv_inference_request_failure{instance="${instance}",model="ensemble"}[1m]))`
      );
      expect(rate, file).toBeGreaterThan(0);
      expect(rate! / direct!.value, file).toBeCloseTo(1, 1);
      // TTFT observations: the ensemble's and its tensorrt_llm step's histograms count each request once.
      const [observed] = (await frames({ signal: 'ttft', aggregation: 'rate', filters: { instance } }, true)).map(
        (fr) => numbers(fr)[0]!
      );
      const [firsts] = await promql(
        `sum(rate(nv_inference_first_response_histogram_ms_count{instance="${instance}",model="ensemble"}[1m]))`
      );
      expect(observed! / firsts!.value, file).toBeCloseTo(1, 1);
      const errors = await frames({ signal: 'error_ratio', filters: { instance } }, true);
      const e = numbers(errors[0]!)[0]!;
      expect(e, file).toBeGreaterThan(0);
      expect(e, file).toBeLessThan(0.01);
    }
    const health = await plugin.checkHealth(settingsOf());
    const d = health.details as { instances: Array<{ engine: string; model: string }>; gpuCount: number };
    const tritonModels = d.instances.filter((i) => i.engine === 'triton').map((i) => i.model);
    expect(tritonModels.sort()).toEqual(['ensemble', 'ensemble']);
  });

  it('GPUs reported by DCGM and Triton count once (matched on UUID), in signals and in health', async () => {
    const count = await frames({ signal: 'gpu_count', aggregation: 'sum' }, true);
    // Cards by UUID: DCGM's `UUID`, Triton's `gpu_uuid`; the bare-metal Triton reports two DCGM cards.
    const dcgm = new Set(fixtures.flatMap((f) => f.samples.map((s) => s.labels.UUID)).filter(Boolean));
    const triton = new Set(fixtures.flatMap((f) => f.samples.map((s) => s.labels.gpu_uuid)).filter(Boolean));
    const cards = new Set([...dcgm, ...triton]).size;
    expect(cards).toBeLessThan(dcgm.size + triton.size);
    expect(numbers(count[0]!)[0]).toBe(cards);
    const health = await plugin.checkHealth(settingsOf());
    expect((health.details as { gpuCount: number }).gpuCount).toBe(cards);
  });

  it("DCGM on Kubernetes: GPUs of a workload name its pod; idle GPUs name none, never the exporter's own", async () => {
    const instance = byFile('dcgm-4.2-kubernetes.prom').target.instance;
    const got = await frames(
      { signal: 'gpu_utilization', groupBy: ['pod', 'namespace', 'gpu'], filters: { instance } },
      true
    );
    const rows = got
      .map((fr) => labelsOf(fr))
      .map((l) => `${l.gpu}:${l.pod ?? ''}:${l.namespace ?? ''}`)
      .sort();
    expect(rows).toEqual(['0:vllm-llama-3-1-8b-0:llm-serving', '1:vllm-llama-3-1-8b-1:llm-serving', '2::', '3::']);
    const hosts = await frames({ signal: 'gpu_count', groupBy: ['hostname'], filters: { instance } }, true);
    expect(hosts.map((fr) => labelsOf(fr).hostname)).toEqual(['gpu-node-7']);
  });

  it('model servers on bare metal get the hostname of their instance, the same as the GPUs and host', async () => {
    const serving = await frames(
      { signal: 'requests_running', groupBy: ['hostname'], filters: { engine: 'vllm' } },
      true
    );
    // 10.0.7.21: the Ray node whose metrics port serves the Ray Serve LLM fixture's vLLM metrics.
    expect(serving.map((fr) => labelsOf(fr).hostname).sort()).toEqual(['10.0.4.30', '10.0.4.34', '10.0.7.21', 'gpu-node-1', 'gpu-node-3']);
    const host = await frames({ signal: 'host_cpu_utilization', groupBy: ['hostname'] }, true);
    expect(host.map((fr) => labelsOf(fr).hostname)).toEqual(['gpu-node-1']);
  });

  it('SGLang: client aborts are their own signal; the error ratio counts 5xx answers, or is absent before 0.5.7', async () => {
    const value = async (model: Record<string, unknown>) =>
      (await frames(model, true)).map((fr) => ({ labels: labelsOf(fr), value: numbers(fr)[0]! }));
    const counter = (file: string, name: string, labels: Record<string, string> = {}) =>
      byFile(file)
        .samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    // Counters rise at their average rate, so a ratio of rates is the ratio of the scraped values.
    for (const file of ['sglang-0.5.1.prom', 'sglang-0.5.10.prom']) {
      const instance = byFile(file).target.instance!;
      const aborts = await value({ signal: 'abort_ratio', groupBy: ['model'], filters: { instance } });
      const want =
        counter(file, 'sglang:num_aborted_requests_total') / counter(file, 'sglang:num_requests_total');
      expect(aborts, file).toEqual([{ labels: expect.objectContaining({ model: 'Qwen/Qwen2.5-7B-Instruct' }), value: expect.any(Number) }]);
      expect(aborts[0]!.value / want, file).toBeCloseTo(1, 4); // values are stored rounded
    }
    // 0.5.1 has no failure counter: no series rather than its aborts. (The notice naming the missing
    // counter appears where no SGLang on the server has it; here 0.5.10 does: pkg/signals/engines.test.ts.)
    const old = byFile('sglang-0.5.1.prom').target.instance!;
    const r = await run({ signal: 'error_ratio', filters: { instance: old } }, true);
    expect(r.error).toBeUndefined();
    expect((r.frames ?? []).filter((f) => f.schema.fields.length > 0 && numbers(f).length > 0)).toEqual([]);
    // 0.5.10: 5xx ÷ all answers of the inference endpoints (not /health, /metrics), with the model joined on.
    const file = 'sglang-0.5.10.prom';
    const instance = byFile(file).target.instance!;
    const inference = ['/v1/chat/completions', '/generate'];
    const answered = inference.reduce((n, endpoint) => n + counter(file, 'sglang:http_responses_total', { endpoint }), 0);
    const failed = ['500', '503'].reduce(
      (n, status_code) => n + counter(file, 'sglang:http_responses_total', { endpoint: '/v1/chat/completions', status_code }),
      0
    );
    const errors = await value({ signal: 'error_ratio', groupBy: ['model', 'instance'], filters: { instance } });
    expect(errors.map((e) => e.labels.model)).toEqual(['Qwen/Qwen2.5-7B-Instruct']);
    expect(errors[0]!.value / (failed / answered)).toBeCloseTo(1, 4);
    expect(errors[0]!.value).toBeLessThan(0.005); // green on the tiles, while 2.8 % of requests were aborted
    // A model filter applies through the join: the server's model matches, another model has no series.
    const mine = await value({ signal: 'error_ratio', filters: { instance, model: 'Qwen/Qwen2.5-7B-Instruct' } });
    // The same number from another expression: VictoriaMetrics may add the series in another order (last bit).
    expect(mine).toHaveLength(1);
    expect(mine[0]!.value / errors[0]!.value).toBeCloseTo(1, 12);
    expect(await value({ signal: 'error_ratio', filters: { instance, model: 'other' } })).toEqual([]);
  });

  it('SGLang 0.5.23: cached tokens split by cache_source and prompt tokens by is_streaming still give one prefix-cache hit ratio', async () => {
    const file = 'sglang-0.5.23.prom';
    const instance = byFile(file).target.instance!;
    const total = (name: string) => byFile(file).samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
    const want = total('sglang:cached_tokens_total') / total('sglang:prompt_tokens_total');
    expect(want).toBeGreaterThan(0.3);
    // Per series (avg, max, min) divides one series by another: the split labels must be summed away first.
    for (const aggregation of ['ratio', 'avg', 'max']) {
      const got = (await frames({ signal: 'prefix_cache_hit_ratio', aggregation, groupBy: ['instance'], filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
      expect(got, aggregation).toHaveLength(1);
      expect(got[0]! / want, aggregation).toBeCloseTo(1, 4);
    }
  });

  it('llama.cpp with the cached-token and speculative counters: input tokens count both, hit ratio and acceptance from them', async () => {
    const file = 'llamacpp-server-spec.prom';
    const instance = byFile(file).target.instance!;
    const counter = (name: string) => byFile(file).samples.find((s) => s.name === name)!.value;
    const computed = counter('llamacpp:prompt_tokens_total');
    const cached = counter('llamacpp:prompt_tokens_cached_total');
    // Every counter of a fixture rises by the same factor per step: ratios of rates are ratios of the values.
    const one = async (model: Record<string, unknown>) => {
      const got = (await frames({ ...model, filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
      expect(got, JSON.stringify(model)).toHaveLength(1);
      return got[0]!;
    };
    const generated = counter('llamacpp:tokens_predicted_total');
    const perOutput = (await one({ signal: 'input_tokens_rate', groupBy: ['instance'] })) / (await one({ signal: 'output_tokens_rate', groupBy: ['instance'] }));
    expect(perOutput / ((computed + cached) / generated)).toBeCloseTo(1, 4);
    for (const aggregation of ['ratio', 'avg']) {
      expect((await one({ signal: 'prefix_cache_hit_ratio', aggregation, groupBy: ['instance'] })) / (cached / (computed + cached)), aggregation).toBeCloseTo(1, 4);
      const acceptance = counter('llamacpp:spec_decode_num_accepted_tokens_total') / counter('llamacpp:spec_decode_num_draft_tokens_total');
      expect((await one({ signal: 'spec_decode_acceptance', aggregation, groupBy: ['instance'] })) / acceptance, aggregation).toBeCloseTo(1, 4);
    }
    // The older build, without the cached counter, still has its input tokens (the counter alone).
    const old = byFile('llamacpp-server.prom');
    const oldValue = (name: string) => old.samples.find((x) => x.name === name)!.value;
    const oldRate = async (signal: string) =>
      (await frames({ signal, groupBy: ['instance'], filters: { instance: old.target.instance! } }, true)).map((fr) => numbers(fr)[0]!);
    const [oldIn, oldOut] = [await oldRate('input_tokens_rate'), await oldRate('output_tokens_rate')];
    expect(oldIn).toHaveLength(1);
    expect(oldIn[0]! / oldOut[0]! / (oldValue('llamacpp:prompt_tokens_total') / oldValue('llamacpp:tokens_predicted_total'))).toBeCloseTo(1, 4);
  });

  it('SGLang prefill–decode pair: a request both servers finished is counted once, on the decode server', async () => {
    const value = async (model: Record<string, unknown>) => (await frames(model, true)).map((fr) => ({ labels: labelsOf(fr), value: numbers(fr)[0]! }));
    const decode = byFile('sglang-0.5.23-pd-decode.prom').target.instance!;
    const prefill = byFile('sglang-0.5.23-pd-prefill.prom').target.instance!;
    const model = 'Qwen/Qwen3-32B';
    for (const signal of ['request_rate', 'input_tokens_rate', 'output_tokens_rate']) {
      const perModel = await value({ signal, groupBy: ['model'], filters: { model } });
      const perInstance = await value({ signal, groupBy: ['instance'], filters: { model } });
      // The prefill server's copy is left out: one series, the decode server's, and the model's number is it.
      expect(perInstance.map((x) => x.labels.instance), signal).toEqual([decode]);
      expect(perModel, signal).toHaveLength(1);
      expect(perModel[0]!.value / perInstance[0]!.value, signal).toBeCloseTo(1, 6);
    }
    // E2E latency: the decode server's requests only (the prefill server's "end" is its first token).
    const e2e = await value({ signal: 'e2e_latency', aggregation: 'p95', groupBy: ['instance'], filters: { model } });
    expect(e2e.map((x) => x.labels.instance)).toEqual([decode]);
    // The prefill server's own scheduler gauges still count (requests waiting for prefill are real work).
    const running = await value({ signal: 'requests_running', groupBy: ['instance'], filters: { model } });
    expect(running.map((x) => x.labels.instance).sort()).toEqual([decode, prefill].sort());
  });

  it('TGI: KV-cache usage is the tokens the running batch reserves over the token budget set at warm-up', async () => {
    const file = 'tgi-3.3.prom';
    const instance = byFile(file).target.instance!;
    const gauge = (name: string) => byFile(file).samples.find((s) => s.name === name)!.value;
    const want = gauge('tgi_batch_current_max_tokens') / gauge('tgi_batch_max_total_tokens');
    const got = (await frames({ signal: 'kv_cache_usage', groupBy: ['instance'], filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
    expect(got).toHaveLength(1);
    // Each gauge of the fixture history varies within −10 % on its own phase: the ratio within about ±11 %.
    expect(got[0]! / want).toBeGreaterThan(0.88);
    expect(got[0]! / want).toBeLessThan(1.12);
    expect(got[0]!).toBeLessThan(1);
  });

  it('vLLM 0.34 with a KV connector: the prefix-cache hit ratio counts the tokens the connector supplied, not the GPU cache alone', async () => {
    const file = 'vllm-0.34.0-kv-offload.prom';
    const instance = byFile(file).target.instance!;
    const sum = (name: string, labels: Record<string, string> = {}) => sampleSum(file, name, labels);
    // vLLM's own total (local + external) and its by-source split agree on what was cached.
    const cached = sum('vllm:prefix_cache_hits_total') + sum('vllm:external_prefix_cache_hits_total');
    expect(cached).toBe(sum('vllm:prompt_tokens_cached_total'));
    const want = cached / sum('vllm:prefix_cache_queries_total');
    expect(want).toBeGreaterThan(sum('vllm:prefix_cache_hits_total') / sum('vllm:prefix_cache_queries_total'));
    const ratio = async (inst: string, aggregation: string) =>
      (await frames({ signal: 'prefix_cache_hit_ratio', aggregation, groupBy: ['instance'], filters: { instance: inst } }, true)).map((fr) => numbers(fr)[0]!);
    for (const aggregation of ['ratio', 'avg', 'max']) {
      const got = await ratio(instance, aggregation);
      expect(got, aggregation).toHaveLength(1);
      expect(got[0]! / want, aggregation).toBeCloseTo(1, 4);
      // A server without a connector keeps its local ratio (the external term must not remove it).
      const plain = byFile('vllm-0.34.0.prom');
      const local = sampleSum(plain.file, 'vllm:prefix_cache_hits_total') / sampleSum(plain.file, 'vllm:prefix_cache_queries_total');
      const gotLocal = await ratio(plain.target.instance!, aggregation);
      expect(gotLocal, aggregation).toHaveLength(1);
      expect(gotLocal[0]! / local, aggregation).toBeCloseTo(1, 4);
    }
  });

  it('per-request time per output token from SGLang ≥ 0.5.22 (both is_streaming series) and TensorRT-LLM', async () => {
    for (const [file, metric] of [
      ['sglang-0.5.23.prom', 'sglang:request_time_per_output_token_seconds'],
      ['trtllm-serve-1.0.prom', 'trtllm_time_per_output_token_seconds'],
    ] as const) {
      const instance = byFile(file).target.instance!;
      const want = sampleSum(file, `${metric}_sum`) / sampleSum(file, `${metric}_count`);
      expect(want, file).toBeGreaterThan(0);
      const got = (await frames({ signal: 'tpot', aggregation: 'avg', groupBy: ['instance'], filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
      expect(got, file).toHaveLength(1);
      expect(got[0]! / want, file).toBeCloseTo(1, 4);
      const p95 = (await frames({ signal: 'tpot', aggregation: 'p95', groupBy: ['instance'], filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
      expect(p95, file).toHaveLength(1);
      expect(p95[0]!, file).toBeGreaterThan(want);
    }
  });

  it('vLLM 0.34 with a queue limit: requests turned away at admission (HTTP 503) count as errors and as requests', async () => {
    const file = 'vllm-0.34.0.prom';
    const instance = byFile(file).target.instance!;
    const sum = (name: string, labels: Record<string, string> = {}) => sampleSum(file, name, labels);
    const rejected = sum('vllm:admission_rejections_total');
    expect(rejected).toBeGreaterThan(0);
    const want = (sum('vllm:request_success_total', { finished_reason: 'error' }) + rejected) / (sum('vllm:request_success_total') + rejected);
    const got = (await frames({ signal: 'error_ratio', groupBy: ['model'], filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
    expect(got).toHaveLength(1);
    expect(got[0]! / want).toBeCloseTo(1, 4);
    // vLLM 0.12 (no admission counter) keeps its finished-request errors.
    const old = byFile('vllm-0.12.0.prom');
    const oldSum = (labels: Record<string, string> = {}) => sampleSum(old.file, 'vllm:request_success_total', labels);
    const oldGot = (await frames({ signal: 'error_ratio', groupBy: ['model'], filters: { instance: old.target.instance! } }, true)).map((fr) => numbers(fr)[0]!);
    expect(oldGot).toHaveLength(1);
    expect(oldGot[0]! / (oldSum({ finished_reason: 'error' }) / oldSum())).toBeCloseTo(1, 4);
  });

  it('NVIDIA NIM: requests are its successes plus failures, errors its failures, aborts its finish reason; TTFT and KV usage read', async () => {
    const file = 'nim-llm-1.x.prom';
    const instance = byFile(file).target.instance!;
    const sum = (name: string, labels: Record<string, string> = {}) => sampleSum(file, name, labels);
    const ok = sum('request_success_total');
    const failed = sum('request_failure_total');
    expect(failed).toBeGreaterThan(0);
    const one = async (signal: string, aggregation?: string) => {
      const got = (await frames({ signal, ...(aggregation ? { aggregation } : {}), groupBy: ['model'], filters: { instance } }, true)).map((fr) => numbers(fr)[0]!);
      expect(got, signal).toHaveLength(1);
      return got[0]!;
    };
    expect((await one('error_ratio')) / (failed / (ok + failed))).toBeCloseTo(1, 4);
    const aborted = sum('request_finish_total', { finished_reason: 'abort' }) / sum('request_finish_total');
    expect((await one('abort_ratio')) / aborted).toBeCloseTo(1, 4);
    // Counters keep roughly their average rate over the fixture's 3 h uptime (the history is stepped).
    const perSecond = (await one('request_rate')) / ((ok + failed) / (3 * 3600));
    expect(perSecond).toBeGreaterThan(0.9);
    expect(perSecond).toBeLessThan(1.1);
    // Gauges wander a little around the scraped value in the generated history.
    expect(Math.abs((await one('kv_cache_usage', 'max')) / sum('gpu_cache_usage_perc') - 1)).toBeLessThan(0.05);
    const ttft = await one('ttft', 'p50');
    expect(ttft).toBeGreaterThan(0.1);
    expect(ttft).toBeLessThan(0.25);
  });

  it("vLLM under Ray Serve LLM (ray_vllm_*): the same signals and values as vLLM's own /metrics, with engine vllm", async () => {
    const ray = byFile('ray-serve-vllm-0.12.prom').target.instance!;
    const own = byFile('vllm-0.12.0.prom').target.instance!;
    // Counters and histograms keep their rates exactly in the generated history; gauges wander a little per series.
    const cases = [['error_ratio', undefined, 2], ['prefix_cache_hit_ratio', undefined, 2], ['ttft', 'p95', 2], ['kv_cache_usage', 'max', 0], ['requests_running', 'sum', 0]] as const;
    for (const [signal, aggregation, digits] of cases) {
      const read = async (instance: string) =>
        (await frames({ signal, ...(aggregation ? { aggregation } : {}), groupBy: ['model', 'engine'], filters: { instance } }, true)).map((fr) => ({ labels: labelsOf(fr), value: numbers(fr)[0]! }));
      const [viaRay, direct] = [await read(ray), await read(own)];
      expect(viaRay, signal).toHaveLength(1);
      expect(viaRay[0]!.labels.engine, signal).toBe('vllm');
      expect(viaRay[0]!.value / direct[0]!.value, signal).toBeCloseTo(1, digits);
    }
  });

  it('one server, several ranks: SGLang counts each DP rank once (not its TP copies), vLLM adds its DP engines up; KV usage is never summed', async () => {
    const value = async (model: Record<string, unknown>) =>
      (await frames(model, true)).map((fr) => ({ labels: labelsOf(fr), value: numbers(fr)[0]! }));
    const one = async (model: Record<string, unknown>) => {
      const got = await value(model);
      expect(got, JSON.stringify(model)).toHaveLength(1);
      return got[0]!.value;
    };
    const direct = async (expr: string) => (await promql(expr))[0]!.value;
    /** The signal per instance and per model (each fixture's model runs on its instance only) equals `want`. */
    const expectPerInstanceAndModel = async (file: string, signal: string, aggregation: string, want: number) => {
      const instance = byFile(file).target.instance!;
      const model = byFile(file).samples.find((s) => s.labels.model_name)!.labels.model_name!;
      expect(want, `${file} ${signal}`).toBeGreaterThan(0);
      const perInstance = await one({ signal, aggregation, groupBy: ['instance'], filters: { instance } });
      const perModel = await one({ signal, aggregation, groupBy: ['model'], filters: { model } });
      expect(perInstance / want, `${file} ${signal}/${aggregation} per instance`).toBeCloseTo(1, 4);
      expect(perModel / want, `${file} ${signal}/${aggregation} per model`).toBeCloseTo(1, 4);
    };

    // SGLang, DP attention (2 DP ranks × 2 TP ranks): gauges from one scheduler per DP rank add up; queue
    // time and retractions come from all four schedulers, the two of a DP group with the same numbers.
    const dp = 'sglang-0.5.10-dp-attention.prom';
    const dpAt = `instance="${byFile(dp).target.instance}"`;
    const firstOfGroup = `${dpAt},tp_rank=~"0|2"`;
    await expectPerInstanceAndModel(dp, 'requests_running', 'sum', await direct(`sum(sglang:num_running_reqs{${dpAt}})`));
    await expectPerInstanceAndModel(dp, 'kv_cache_usage', 'max', await direct(`max(sglang:token_usage{${dpAt}})`));
    await expectPerInstanceAndModel(dp, 'kv_cache_usage', 'avg', await direct(`avg(sglang:token_usage{${dpAt}})`));
    const queued = await direct(`sum(rate(sglang:queue_time_seconds_count{${firstOfGroup}}[$__rate_interval]))`);
    await expectPerInstanceAndModel(dp, 'queue_time', 'rate', queued);
    // Every request is queued once: as many queue-time observations as finished requests (9000 = 5000 + 4000).
    expect(queued / (await direct(`sum(rate(sglang:num_requests_total{${dpAt}}[$__rate_interval]))`))).toBeCloseTo(1, 4);
    await expectPerInstanceAndModel(
      dp,
      'preemption_rate',
      'rate',
      await direct(`sum(rate(sglang:num_retracted_requests_total{${firstOfGroup}}[$__rate_interval]))`)
    );
    await expectPerInstanceAndModel(
      dp,
      'queue_time',
      'p95',
      await direct(`histogram_quantile(0.95, sum by (le) (rate(sglang:queue_time_seconds_bucket{${firstOfGroup}}[$__rate_interval])))`)
    );

    // SGLang, every TP rank's scheduler exporting (--enable-metrics-for-all-schedulers) and per-priority
    // series beside the total (priority=""): the total of one rank.
    const all = 'sglang-0.5.10-all-schedulers.prom';
    const rank0 = `instance="${byFile(all).target.instance}",tp_rank="0",priority=""`;
    await expectPerInstanceAndModel(all, 'requests_running', 'sum', await direct(`sglang:num_running_reqs{${rank0}}`));
    await expectPerInstanceAndModel(all, 'requests_waiting', 'sum', await direct(`sglang:num_queue_reqs{${rank0}}`));
    await expectPerInstanceAndModel(all, 'kv_cache_usage', 'avg', await direct(`sglang:token_usage{${rank0}}`));
    await expectPerInstanceAndModel(
      all,
      'queue_time',
      'rate',
      await direct(`sum(rate(sglang:num_requests_total{instance="${byFile(all).target.instance}"}[$__rate_interval]))`)
    );
    await expectPerInstanceAndModel(all, 'preemption_rate', 'rate', await direct(`rate(sglang:num_retracted_requests_total{${rank0}}[$__rate_interval])`));

    // vLLM, --data-parallel-size 2: one series per engine core (`engine`); requests add up, KV usage is a
    // share of each core's own cache.
    const vdp = 'vllm-0.10.1-dp.prom';
    const vAt = `instance="${byFile(vdp).target.instance}"`;
    await expectPerInstanceAndModel(vdp, 'requests_running', 'sum', await direct(`sum(vllm:num_requests_running{${vAt}})`));
    await expectPerInstanceAndModel(vdp, 'request_rate', 'rate', await direct(`sum(rate(vllm:request_success_total{${vAt}}[$__rate_interval]))`));
    await expectPerInstanceAndModel(vdp, 'kv_cache_usage', 'max', await direct(`max(vllm:gpu_cache_usage_perc{${vAt}})`));
    await expectPerInstanceAndModel(vdp, 'kv_cache_usage', 'avg', await direct(`avg(vllm:gpu_cache_usage_perc{${vAt}})`));
    await expectPerInstanceAndModel(
      vdp,
      'ttft',
      'p50',
      await direct(`histogram_quantile(0.5, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{${vAt}}[$__rate_interval])))`)
    );
    // A sum of two cores' 41 % would read 82 %: the aggregation is refused with the ones that make sense.
    const summed = await run({ signal: 'kv_cache_usage', aggregation: 'sum', filters: { instance: byFile(vdp).target.instance } }, true);
    expect(summed.error).toMatch(/supports aggregation avg, max, min, p50/);
  });

  it('panels name what an engine does not export', async () => {
    const r = await run({ signal: 'preemption_rate', filters: { engine: 'tgi' } }, true);
    const notices = (r.frames?.[0]?.schema.meta?.notices ?? []) as Array<{ text: string }>;
    expect(notices.map((n) => n.text)).toContain('TGI does not export preemptions.');
  });
});

/** `le` as a number (+Inf included), so Prometheus' and VictoriaMetrics' spellings ("1" / "1.0") compare. */
function leOf(le: string | undefined): number {
  return le === '+Inf' ? Infinity : Number(le);
}

function hasUuid(f: Fixture): boolean {
  return f.samples.some((s) => s.labels.UUID || s.labels.gpu_uuid);
}

// Detection on the fixtures alone finds each one's families (guards the support table's input).
describe('fixture availability', () => {
  it('finds the engine family each fixture is named after', () => {
    const fam = (file: string) => [...fixtureAvailability([byFile(file)]).families].sort();
    expect(fam('vllm-0.8.5.prom')).toEqual(['vllm']);
    expect(fam('triton-trtllm-25.01.prom')).toEqual(['triton', 'triton_gpu']);
    expect(fam('dcgm-4.2-kubernetes.prom')).toEqual(['dcgm']);
    expect(fam('node-exporter-1.8.prom')).toEqual(['node']);
    expect(fam('nim-llm-1.x.prom')).toEqual(['nim']);
    expect(fam('ray-serve-vllm-0.12.prom')).toEqual(['ray_vllm']);
  });
});
