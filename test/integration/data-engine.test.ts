// The data engine against real Prometheus and VictoriaMetrics loaded with the same simulator history
// (small fleet: vLLM current and older names, SGLang, TGI, OTel GenAI, generic llm_* metrics, DCGM with
// both `Hostname` and `hostname`, exported_pod), through the built executable and the test host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS, type BackfillResult, type Scenario } from '../../simulator/src';
import { SIGNALS } from '../../pkg/signals/catalog';
import { buildSignal } from '../../pkg/signals/build';
import { FAMILIES } from '../../pkg/signals/families';
import type { PluginHandle, QueryJsonFrame, QueryJsonResult } from '../host';
import type { RunningService } from '../support/services';
import { startBackfilledBackends, type BackfilledBackends } from '../support/backfilled-backends';

type Flavour = 'vllm' | 'vllm_legacy' | 'sglang' | 'tgi' | 'otel' | 'generic';
const ENGINE: Record<Flavour, string> = {
  vllm: 'vllm',
  vllm_legacy: 'vllm',
  sglang: 'sglang',
  tgi: 'tgi',
  otel: 'otel',
  generic: 'generic',
};
const ALL: Flavour[] = ['vllm', 'vllm_legacy', 'sglang', 'tgi', 'otel', 'generic'];

/** Which simulated flavours expose each serving signal (TGI has no TTFT, generic apps no queue …). */
const SERVING: Record<string, Flavour[]> = {
  ttft: ['vllm', 'vllm_legacy', 'sglang', 'otel'],
  itl: ['vllm', 'vllm_legacy', 'sglang', 'tgi', 'otel'],
  e2e_latency: ALL,
  queue_time: ['vllm', 'vllm_legacy', 'sglang', 'tgi'],
  request_rate: ALL,
  error_ratio: ALL,
  input_tokens_rate: ALL,
  output_tokens_rate: ALL,
  requests_running: ['vllm', 'vllm_legacy', 'sglang', 'tgi', 'generic'],
  requests_waiting: ['vllm', 'vllm_legacy', 'sglang', 'tgi'],
  kv_cache_usage: ['vllm', 'vllm_legacy', 'sglang', 'tgi'],
  preemption_rate: ['vllm', 'vllm_legacy'],
  prefix_cache_hit_ratio: ['vllm', 'vllm_legacy', 'sglang'],
  tpot: ['vllm', 'tgi', 'otel'],
  prefill_time: ['vllm'],
  decode_time: ['vllm'],
  inference_time: ['vllm', 'tgi'],
  prompt_length: ['vllm', 'tgi', 'otel'],
  output_length: ['vllm', 'tgi', 'otel'],
  iteration_tokens: ['vllm'],
  spec_decode_acceptance: ['vllm'],
};
const DCGM_SIGNALS = [
  'gpu_utilization',
  'gpu_memory_used_ratio',
  'gpu_fb_used_bytes',
  'gpu_temperature',
  'gpu_power',
  'gpu_energy_rate',
  'gpu_tensor_active',
  'gpu_dram_active',
  'gpu_sm_clock',
  'gpu_pcie_replay_rate',
];
const GATEWAY = 'llm-gateway-0:8080';

const EVIL = 'a"} or vector(1) or {x="';
const XID_TARGET = 'vllm-llama-8b-2';

let env: BackfilledBackends;
let plugin: PluginHandle;
let prom: RunningService;
let vm: RunningService;
let om: BackfillResult;
let from: number;
let to: number;


beforeAll(async () => {
  const end = SCENARIO_END_MS;
  const scenario: Scenario = {
    name: 'data-engine',
    faults: [
      {
        id: 'xid',
        kind: 'xid_error',
        start: '-50m',
        duration: '30m',
        target: { instance: XID_TARGET },
        params: { errCode: 79, errMsg: 'GPU has fallen off the bus' },
      },
    ],
  };
  env = await startBackfilledBackends({
    fleet: 'small',
    seed: 7,
    duration: '90m',
    end,
    scenario,
  });
  ({ history: om, prom, vm, plugin } = env);
  to = om.groundTruth.endMs;
  from = to - 3_600_000;
}, 600_000);

afterAll(() => env?.stop());

const backends = [
  ['Prometheus', () => ({ uid: 'de-prom', url: prom.url, jsonData: { timeInterval: '15s' } })],
  ['VictoriaMetrics', () => ({ uid: 'de-vm', url: vm.url, jsonData: { timeInterval: '15s' } })],
] as const;

function labelsOf(frame: QueryJsonFrame): Record<string, string> {
  return frame.schema.fields.find((f) => f.type === 'number')?.labels ?? {};
}

describe.each(backends)('data engine on %s', (_name, settingsOf) => {
  async function run(
    model: Record<string, unknown>,
    extra: { instant?: boolean; headers?: Record<string, string> } = {}
  ): Promise<QueryJsonResult> {
    const json = await plugin.queryJson(
      [
        {
          refId: 'A',
          queryType: String(model.queryType ?? 'signal'),
          model: { refId: 'A', queryType: 'signal', instant: extra.instant ?? false, ...model },
          from,
          to,
          intervalMs: 60_000,
          maxDataPoints: 60,
        },
      ],
      { settings: settingsOf(), headers: extra.headers }
    );
    return json.results.A!;
  }

  async function seriesOf(model: Record<string, unknown>, instant = false) {
    const r = await run(model, { instant });
    expect(r.error, String(r.error)).toBeUndefined();
    return r.frames!.filter((f) => f.schema.fields.length > 0);
  }

  it('every serving signal returns one series per simulated instance of each flavour that has it', async () => {
    for (const [signal, flavours] of Object.entries(SERVING)) {
      const frames = await seriesOf({ signal, groupBy: ['instance'] });
      const got = frames.map((f) => `${labelsOf(f).engine}|${labelsOf(f).instance}`).sort();
      const want = om.groundTruth.instances
        .filter((i) => flavours.includes(i.flavour as Flavour))
        .map((i) => `${ENGINE[i.flavour as Flavour]}|${i.instance}`)
        .sort();
      expect({ signal, got }).toEqual({ signal, got: want });
      for (const f of frames) {
        const values = f.data.values[1] as Array<number | null>;
        expect(
          values.some((v) => typeof v === 'number' && Number.isFinite(v)),
          `${signal} ${JSON.stringify(labelsOf(f))}`
        ).toBe(true);
        expect(f.schema.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
        expect(f.schema.fields[1]!.config?.displayNameFromDS).toEqual(expect.any(String));
      }
    }
  });

  it('model labels are normalized across engines (model_name, model_id, gen_ai_request_model, model)', async () => {
    const frames = await seriesOf({ signal: 'request_rate', groupBy: ['model'] });
    const got = frames.map((f) => `${labelsOf(f).engine}|${labelsOf(f).model}`).sort();
    const want = [...new Set(om.groundTruth.instances.map((i) => `${ENGINE[i.flavour as Flavour]}|${i.model}`))].sort();
    expect(got).toEqual(want);
    for (const f of frames) expect(Object.keys(labelsOf(f)).sort()).toEqual(['engine', 'model']);
  });

  it('every DCGM signal covers every GPU, whichever hostname spelling its exporter uses', async () => {
    const want = om.groundTruth.gpus.map((g) => `${g.hostname}/${g.gpu}`).sort();
    for (const signal of DCGM_SIGNALS) {
      const frames = await seriesOf({ signal, groupBy: ['hostname', 'gpu', 'gpu_model'] });
      expect({ signal, got: frames.map((f) => `${labelsOf(f).hostname}/${labelsOf(f).gpu}`).sort() }).toEqual({
        signal,
        got: want,
      });
      for (const f of frames) {
        const g = om.groundTruth.gpus.find((x) => x.hostname === labelsOf(f).hostname && x.gpu === labelsOf(f).gpu)!;
        expect(labelsOf(f).gpu_model).toBe(g.modelName);
      }
    }
    // XID: the last XID code per GPU (0 = none); only the fault's GPU shows 79.
    const xid = await seriesOf({ signal: 'gpu_xid_errors', groupBy: ['hostname', 'gpu'] });
    const target = om.groundTruth.faults[0]!.target.gpus.map((g) => `${g.hostname}/${g.gpu}`);
    const flagged = xid.filter((f) => Math.max(...(f.data.values[1] as number[])) > 0);
    expect(flagged.map((f) => `${labelsOf(f).hostname}/${labelsOf(f).gpu}`)).toEqual(target);
    expect(Math.max(...(flagged[0]!.data.values[1] as number[]))).toBe(79);
  });

  it('counts each GPU once although an app also exports gpu_* gauges for some of them', async () => {
    const frames = await seriesOf({ signal: 'gpu_count' }, true);
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data.values[0]).toEqual([om.groundTruth.gpus.length]);
  });

  it('pod and hostname filters follow exported_pod and both hostname spellings', async () => {
    const user = om.groundTruth.gpus.find((g) => g.pod === 'vllm-llama-8b-0')!;
    const byPod = await seriesOf({
      signal: 'gpu_utilization',
      groupBy: ['pod', 'hostname', 'gpu'],
      filters: { pod: 'vllm-llama-8b-0' },
    });
    expect(byPod.map(labelsOf)).toEqual([{ pod: 'vllm-llama-8b-0', hostname: user.hostname, gpu: user.gpu }]);
    const hosts = [...new Set(om.groundTruth.gpus.map((g) => g.hostname))];
    for (const host of hosts) {
      const frames = await seriesOf({
        signal: 'gpu_temperature',
        groupBy: ['hostname', 'gpu'],
        filters: { hostname: host },
      });
      expect(frames.length).toBe(om.groundTruth.gpus.filter((g) => g.hostname === host).length);
      expect(new Set(frames.map((f) => labelsOf(f).hostname))).toEqual(new Set([host]));
    }
    const regex = await seriesOf({
      signal: 'ttft',
      groupBy: ['model'],
      filters: { model: '/llama-3\\.1-.*/', engine: 'vllm' },
    });
    expect(regex.map((f) => labelsOf(f).model).sort()).toEqual(['llama-3.1-70b-instruct', 'llama-3.1-8b-instruct']);
  });

  it('HTTP signals come from the API servers and the gateway; scrape health says what it looked for', async () => {
    const vllmInstances = om.groundTruth.instances.filter((i) => i.flavour.startsWith('vllm')).map((i) => i.instance);
    const rate = await seriesOf({ signal: 'http_request_rate', groupBy: ['instance'] });
    expect(rate.map((f) => labelsOf(f).instance).sort()).toEqual([...vllmInstances, GATEWAY].sort());
    for (const signal of ['http_rate_limited_rate', 'http_auth_error_rate']) {
      const frames = await seriesOf({ signal, groupBy: ['instance'] });
      expect(frames.map((f) => labelsOf(f).instance)).toEqual([GATEWAY]);
    }
    const share = await seriesOf({ signal: 'http_error_rate', aggregation: 'ratio', groupBy: ['instance'] }, true);
    for (const f of share) expect(f.data.values[0]![0]).toBeGreaterThanOrEqual(0);
    const up = await run({ signal: 'up' });
    expect(up.status).toBe(200);
    expect(up.frames).toHaveLength(1);
    expect(up.frames![0]!.schema.fields).toEqual([]);
    expect(JSON.stringify(up.frames![0]!.schema.meta)).toMatch(/looked for up/);
  });

  it('instant queries give numeric-multi frames with unique label sets (alert-rule shape)', async () => {
    const r = await run(
      { signal: 'kv_cache_usage', groupBy: ['instance', 'model'] },
      { instant: true, headers: { FromAlert: 'true' } }
    );
    expect(r.status).toBe(200);
    const frames = r.frames!;
    expect(frames.length).toBe(
      SERVING.kv_cache_usage!.reduce((n, fl) => n + om.groundTruth.instances.filter((i) => i.flavour === fl).length, 0)
    );
    const keys = frames.map((f) => {
      expect(f.schema.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(f.schema.fields).toHaveLength(1);
      expect(f.schema.fields[0]).toMatchObject({
        name: 'kv_cache_usage',
        type: 'number',
        config: { unit: 'percentunit' },
      });
      expect(f.data.values[0]).toHaveLength(1);
      return JSON.stringify(labelsOf(f));
    });
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('without a group-by, engines combine into one fleet series (sum, Σnum ÷ Σden, highest quantile)', async () => {
    const valueOf = (f: QueryJsonFrame) => {
      const i = f.schema.fields.findIndex((x) => x.type === 'number');
      return f.data.values[i]![0] as number;
    };
    const fleetAndEngines = async (signal: string, aggregation: string) => {
      const fleet = await seriesOf({ signal, aggregation }, true);
      const engines = await seriesOf({ signal, aggregation, groupBy: ['engine'] }, true);
      return { fleet, perEngine: engines.map(valueOf).filter((v) => Number.isFinite(v)) };
    };
    const rate = await fleetAndEngines('request_rate', 'rate');
    expect(rate.fleet).toHaveLength(1);
    expect(labelsOf(rate.fleet[0]!)).toEqual({});
    expect(rate.perEngine.length).toBeGreaterThanOrEqual(5);
    expect(valueOf(rate.fleet[0]!)).toBeCloseTo(rate.perEngine.reduce((a, b) => a + b, 0), 6);
    expect(rate.fleet[0]!.schema.meta!.custom).toMatchObject({ combined: 'sum over engines' });

    const p95 = await fleetAndEngines('ttft', 'p95');
    expect(p95.fleet).toHaveLength(1);
    expect(valueOf(p95.fleet[0]!)).toBeCloseTo(Math.max(...p95.perEngine), 9);

    for (const [signal, aggregation] of [
      ['error_ratio', 'ratio'],
      ['e2e_latency', 'avg'],
      ['requests_running', 'avg'],
    ] as const) {
      const r = await fleetAndEngines(signal, aggregation);
      expect(r.fleet, signal).toHaveLength(1);
      const v = valueOf(r.fleet[0]!);
      // A weighted combination lies between the engines' own values, and differs from their plain mean.
      expect(v, signal).toBeGreaterThanOrEqual(Math.min(...r.perEngine) - 1e-12);
      expect(v, signal).toBeLessThanOrEqual(Math.max(...r.perEngine) + 1e-12);
    }
  });

  it('format heatmap: per-bucket rates of one engine that add up to its request rate', async () => {
    const vllmOnly = { engine: 'vllm' };
    const r = await run({ signal: 'ttft', aggregation: 'rate', format: 'heatmap', filters: vllmOnly });
    expect(r.error, String(r.error)).toBeUndefined();
    expect(r.frames).toHaveLength(1);
    const f = r.frames![0]!;
    expect(f.schema.meta).toMatchObject({ type: 'heatmap-rows' });
    const buckets = f.schema.fields.slice(1);
    expect(buckets.length).toBeGreaterThan(10);
    const bounds = buckets.map((b) => (b.name === '+Inf' ? Infinity : Number(b.name)));
    expect(bounds).toEqual([...bounds].sort((a, b) => a - b));
    const total = await seriesOf({ signal: 'ttft', aggregation: 'rate', filters: vllmOnly });
    const want = total[0]!.data.values[1] as Array<number | null>;
    const times = f.data.values[0] as number[];
    const wantTimes = total[0]!.data.values[0] as number[];
    let compared = 0;
    times.forEach((t, i) => {
      const j = wantTimes.indexOf(t);
      if (j < 0 || want[j] == null) return;
      const sum = buckets.reduce((acc, _b, k) => acc + ((f.data.values[k + 1]![i] as number | null) ?? 0), 0);
      // Σ per-bucket = the +Inf bucket's rate; the simulator floors +Inf and _count apart (≤ 1 request).
      expect(Math.abs(sum - want[j]!) / Math.max(want[j]!, 1e-9)).toBeLessThan(0.01);
      compared++;
    });
    expect(compared).toBeGreaterThan(10);
    const bad = await run({ signal: 'request_rate', format: 'heatmap' });
    expect(bad.error).toMatch(/format "heatmap" needs a histogram signal/);
  });

  it('computes the same numbers as the equivalent hand-written PromQL', async () => {
    const inst = om.groundTruth.instances.find((i) => i.flavour === 'vllm')!;
    const r = await run(
      { signal: 'request_rate', groupBy: ['instance'], filters: { instance: inst.instance } },
      { instant: true }
    );
    const expr = String(r.frames![0]!.schema.meta!.executedQueryString);
    const window = /\[(\d+s)\]/.exec(expr)![1];
    const direct = await plugin.queryJson(
      [
        {
          refId: 'A',
          queryType: 'promql',
          model: {
            refId: 'A',
            queryType: 'promql',
            instant: true,
            expr: `sum(rate(vllm:request_success_total{instance="${inst.instance}"}[${window}]))`,
          },
          from,
          to,
        },
      ],
      { settings: settingsOf() }
    );
    const want = direct.results.A!.frames![0]!.data.values[0]![0] as number;
    expect(want).toBeGreaterThan(0);
    expect(r.frames![0]!.data.values[0]![0]).toBeCloseTo(want, 9);
  });

  it('escapes template-variable values: an injection attempt matches nothing and injects nothing', async () => {
    for (const signal of ['ttft', 'requests_running', 'gpu_utilization']) {
      const r = await run({ signal, filters: { model: EVIL, hostname: EVIL } }, { instant: true });
      expect(r.status).toBe(200);
      expect(r.frames!.every((f) => f.schema.fields.length === 0)).toBe(true);
      expect(String(r.frames![0]!.schema.meta!.executedQueryString)).toContain('\\"} or vector(1) or {x=\\"');
    }
    const bad = await run({ signal: 'ttft', groupBy: ['model"} or vector(1) or {x="'] });
    expect(bad).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(bad.error).toMatch(/groupBy\.0: label names must match/);
    const values = await plugin.callResource({
      path: 'label-values',
      query: `label=${encodeURIComponent('x"}')}`,
      settings: settingsOf(),
    });
    expect(values.status).toBe(400);
  });

  it('promql queries: macros, legend format, range alignment', async () => {
    const r = await run({
      queryType: 'promql',
      expr: 'sum by (model_name) (rate(vllm:prompt_tokens_total[$__rate_interval]))',
      legendFormat: 'prompt {{model_name}}',
    });
    expect(r.status).toBe(200);
    const f = r.frames![0]!;
    expect(String(f.schema.meta!.executedQueryString)).toMatch(/\[75s\]\)\)\nStep: 60s$/);
    expect(f.schema.fields[1]!.config!.displayNameFromDS).toMatch(/^prompt llama-3\.1-/);
    for (const t of f.data.values[0] as number[]) expect(t % 60_000).toBe(0);
  });

  it('signal queries: the legend format names series from normalized labels', async () => {
    const r = await run({ signal: 'request_rate', groupBy: ['model', 'instance'], legendFormat: '{{model}} on {{instance}} ({{engine}})' });
    expect(r.status).toBe(200);
    const names = r.frames!.map((f) => String(f.schema.fields[1]!.config!.displayNameFromDS));
    expect(names.length).toBeGreaterThan(3);
    for (const [i, f] of r.frames!.entries()) {
      const l = f.schema.fields[1]!.labels!;
      expect(names[i]).toBe(`${l.model} on ${l.instance} (${l.engine})`);
    }
    const plain = await run({ signal: 'request_rate', groupBy: ['model', 'instance'] });
    expect(String(plain.frames![0]!.schema.fields[1]!.config!.displayNameFromDS)).not.toContain(' on ');
  });

  it('applies the series and point limits with notices', async () => {
    const json = await plugin.queryJson(
      [
        {
          refId: 'A',
          queryType: 'signal',
          model: { refId: 'A', queryType: 'signal', signal: 'gpu_temperature', groupBy: ['hostname', 'gpu'] },
          from,
          to,
          intervalMs: 15_000,
          maxDataPoints: 10_000,
        },
      ],
      {
        settings: {
          ...settingsOf(),
          uid: `${settingsOf().uid}-limits`,
          jsonData: { timeInterval: '15s', maxSeries: 3, maxPointsPerSeries: 30 },
        },
      }
    );
    const frames = json.results.A!.frames!;
    expect(frames).toHaveLength(3);
    const notices = (frames[0]!.schema.meta as { notices: Array<{ severity: string; text: string }> }).notices;
    expect(notices).toEqual(
      expect.arrayContaining([
        {
          severity: 'warning',
          text: expect.stringMatching(new RegExp(`^Showing 3 of ${om.groundTruth.gpus.length} series`)),
        },
        { severity: 'info', text: expect.stringMatching(/^Step raised to \d+s to stay within 30 points per series/) },
      ])
    );
    for (const f of frames) expect((f.data.values[0] as number[]).length).toBeLessThanOrEqual(30);
  });

  it('CheckHealth lists engines, models, instances and GPUs', async () => {
    const h = await plugin.checkHealth(settingsOf());
    expect(h.status).toBe('OK');
    expect(h.message).toMatch(/^Connected to Prometheus /);
    const d = h.details as {
      engines: string[];
      models: string[];
      instances: Array<{ instance: string }>;
      gpus: unknown[];
      prometheus: { version: string };
    };
    expect([...d.engines].sort()).toEqual(['generic', 'otel', 'sglang', 'tgi', 'vllm']);
    expect(d.models).toEqual([...new Set(om.groundTruth.instances.map((i) => i.model))].sort());
    for (const i of om.groundTruth.instances) expect(d.instances.map((x) => x.instance)).toContain(i.instance);
    expect(d.gpus).toHaveLength(om.groundTruth.gpus.length);
    expect(d.prometheus.version).toMatch(_name === 'Prometheus' ? /^2\.\d+/ : /unknown|v?1\./);
  });

  it('editor resources: signals, engines, metrics, labels, label values, normalized label values', async () => {
    const call = async (p: string, query = '') => {
      const res = await plugin.callResource({ path: p, query, settings: settingsOf() });
      expect(res.status, `${p}: ${res.body.toString()}`).toBe(200);
      return JSON.parse(res.body.toString());
    };
    const signals = await call('signals');
    const byId = new Map<string, { available: boolean }>(
      signals.signals.map((s: { id: string; available: boolean }) => [s.id, s])
    );
    expect(byId.get('ttft')!.available).toBe(true);
    expect(byId.get('up')!.available).toBe(false);
    const engines = await call('engines');
    expect(engines.engines.map((e: { engine: string }) => e.engine).sort()).toEqual([
      'generic',
      'otel',
      'sglang',
      'tgi',
      'vllm',
    ]);
    expect(engines.gpuExporters.map((e: { exporter: string }) => e.exporter).sort()).toEqual(['dcgm', 'generic']);
    expect((await call('metrics')).data).toContain('vllm:kv_cache_usage_perc');
    expect((await call('labels', 'match[]=DCGM_FI_DEV_GPU_TEMP')).data).toEqual(
      expect.arrayContaining(['Hostname', 'hostname', 'modelName'])
    );
    expect((await call('label-values', 'label=model_name&match[]=vllm:num_requests_running')).data).toEqual([
      'llama-3.1-70b-instruct',
      'llama-3.1-8b-instruct',
    ]);
    expect((await call('signal-label-values', 'label=model')).data).toEqual(
      [...new Set(om.groundTruth.instances.map((i) => i.model))].sort()
    );
    expect((await call('signal-label-values', 'label=hostname')).data).toEqual(
      expect.arrayContaining([...new Set(om.groundTruth.gpus.map((g) => g.hostname))])
    );
    const post = await plugin.callResource({ path: 'signals', method: 'POST', settings: settingsOf() });
    expect(post.status).toBe(405);
  });
});

describe('PromQL generation against a real parser', () => {
  it('every signal × aggregation, with every engine present, filters and group-by, is valid PromQL', async () => {
    const everything = {
      families: new Set(FAMILIES.map((f) => f.id)),
      hasMetric: () => true,
      familyLabels: () => undefined,
    };
    let checked = 0;
    for (const def of SIGNALS) {
      for (const aggregation of def.aggregations) {
        const b = buildSignal({
          def,
          aggregation,
          groupBy: ['model', 'hostname', 'pod'],
          filters: { model: EVIL, hostname: '/h.*/', pod: ['a', 'b'] },
          rateWindow: '1m',
          available: everything,
        });
        if (!b.expr) continue;
        const res = await fetch(`${prom.url}/api/v1/query`, {
          method: 'POST',
          body: new URLSearchParams({ query: b.expr, time: String(to / 1000) }),
        });
        const body = (await res.json()) as { status: string; error?: string };
        expect({ signal: def.id, aggregation, status: body.status, error: body.error }).toEqual({
          signal: def.id,
          aggregation,
          status: 'success',
          error: undefined,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
