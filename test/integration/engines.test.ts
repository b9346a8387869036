// Every metric query type against every Prometheus-API engine the plugin is tested with: Prometheus 2.x
// (Debian), Prometheus 3.x (built from its Go module), and Thanos (built from its Go module) in front of the
// same fleet split over two shards, each an HA pair of Prometheus 3 servers with one replica missing an hour
// (test/support/thanos.ts; two queriers: Prometheus' PromQL engine and Thanos' own), and Grafana Mimir
// (monolithic, the fleet's blocks in its bucket: test/support/mimir.ts), through the built executable.
// Each engine must answer what Prometheus 2 answers: the same series, means within 5 % or 0.001 (Prometheus 3's
// left-open range selectors change rate() slightly), the same anomaly flags, the same root cause, the same
// cost. Thanos and Mimir must also answer what one Prometheus 3 holding the whole fleet answers, value for value (the
// external shard label aside, the replica label deduplicated away). `traces`, `trace` and `compliance` read
// Jaeger only, whatever the metrics engine (their own tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS } from '../../simulator/src';
import type { QueryJsonFrame, QueryJsonResult, QuerySpec } from '../host';
import { startEngines, type Engine, type EngineSet } from '../support/engines';
import { REPLICA_LABEL, SHARD_LABEL } from '../support/thanos';

const FAULTY = 'vllm-llama-8b-0';

let set: EngineSet;
const answers = new Map<string, Record<string, QueryJsonResult>>();

const TO = SCENARIO_END_MS;
const FROM = TO - 3 * 3_600_000;
/** Replica `b` of each Thanos shard misses this hour (it overlaps the KV-cache fault, -100m to -60m). */
const OUTAGE = { fromMs: TO - 150 * 60_000, toMs: TO - 90 * 60_000 };
/** Two queriers over the same sidecars: Prometheus' PromQL engine (Thanos' default) and Thanos' own. */
const THANOS_QUERIERS = ['Thanos', 'Thanos (Thanos PromQL engine)'];
/** Engines in front of more than one store (or a bucket of blocks): each must answer as one Prometheus 3 does. */
const DISTRIBUTED = [...THANOS_QUERIERS, 'Mimir'];
const q = (refId: string, model: Record<string, unknown>, extra: Partial<QuerySpec> = {}): QuerySpec => ({
  refId,
  queryType: String(model.queryType),
  model: { refId, ...model },
  from: FROM,
  to: TO,
  intervalMs: 60_000,
  maxDataPoints: 180,
  ...extra,
});

const QUERIES: QuerySpec[] = [
  q('promql_range', { queryType: 'promql', expr: 'sum by (model_name) (rate(vllm:generation_tokens_total[5m]))' }),
  q('promql_raw', { queryType: 'promql', expr: 'DCGM_FI_DEV_GPU_TEMP' }),
  q('promql_instant', { queryType: 'promql', expr: 'count(DCGM_FI_DEV_GPU_TEMP > 0)', instant: true }),
  q('ttft_p95', { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] }),
  q('itl_p50_instance', { queryType: 'signal', signal: 'itl', aggregation: 'p50', groupBy: ['instance'] }),
  q('request_rate', { queryType: 'signal', signal: 'request_rate', aggregation: 'rate', groupBy: ['instance'] }),
  q('error_ratio', { queryType: 'signal', signal: 'error_ratio', aggregation: 'ratio', groupBy: ['model'] }),
  q('kv_cache', { queryType: 'signal', signal: 'kv_cache_usage', aggregation: 'max', groupBy: ['instance'] }),
  q('gpu_util', { queryType: 'signal', signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname', 'gpu'] }),
  q('gpu_count', { queryType: 'signal', signal: 'gpu_count', instant: true }),
  q('degradation', { queryType: 'signal', signal: 'degradation_level', aggregation: 'max', groupBy: ['model'] }),
  q('degradation_instant', { queryType: 'signal', signal: 'degradation_level', aggregation: 'max', groupBy: ['instance'], instant: true }),
  q('anomaly', { queryType: 'anomaly', source: { queryType: 'signal', signal: 'kv_cache_usage', aggregation: 'max', groupBy: ['instance'] }, detector: { sensitivity: 0.5 } }),
  q('anomaly_instant', { queryType: 'anomaly', instant: true, source: { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] }, detector: { sensitivity: 0.5 } }),
  q('rootcause', { queryType: 'rootcause', target: { signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }),
  q('cost_summary', { queryType: 'cost', view: 'summary' }),
  q('cost_by_model', { queryType: 'cost', view: 'by_model' }),
  q('cost_instant', { queryType: 'cost', view: 'by_gpu_model', instant: true, metric: 'gpu_cost_per_hour' }),
  q('test', { queryType: 'test', seriesCount: 2 }),
];

const settingsOf = (e: Engine) => ({ uid: `engine-${e.name.replace(/\W+/g, '-')}`, url: e.url, jsonData: { timeInterval: '15s', gpuHourlyPrices: { H100: 2.5, A100: 1.5, L4: 0.7 } } });

beforeAll(async () => {
  set = await startEngines({
    fleet: 'small',
    seed: 3,
    duration: '6h',
    end: SCENARIO_END_MS,
    scenario: {
      name: 'engines',
      faults: [{ id: 'kv', kind: 'kv_cache_saturation', start: '-100m', duration: '40m', target: { instance: FAULTY } }],
    },
    thanosOutage: OUTAGE,
  });
  for (const e of set.engines) {
    answers.set(e.name, (await set.plugin.queryJson(QUERIES, { settings: settingsOf(e) })).results);
  }
  console.log(`engines: ${set.engines.map((e) => `${e.name}: ${e.version}`).join('; ')}`);
}, 600_000);

afterAll(() => set?.stop());

type Series = Map<string, number[]>;

/** Number fields by label set (the shard label dropped), over every frame of the answer. */
function seriesOf(frames: QueryJsonFrame[]): Series {
  const out: Series = new Map();
  for (const f of frames) {
    f.schema.fields.forEach((field, i) => {
      if (field.type !== 'number') return;
      const { [SHARD_LABEL]: _shard, ...labels } = field.labels ?? {};
      const key = `${f.schema.name ?? ''}|${field.name ?? ''}|${JSON.stringify(Object.entries(labels).sort())}`;
      out.set(key, (f.data.values[i] as Array<number | null>).map((v) => (typeof v === 'number' ? v : NaN)));
    });
  }
  return out;
}

function mean(xs: number[]): number {
  const finite = xs.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** Within 5 %, or 0.001 apart (ratios of a few failed requests move more under Prometheus 3's windows). */
function close(a: number, b: number, rel = 0.05): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-3;
}

/** Equal but for float rounding (sums over series merged in another order). */
function same(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

const reference = () => answers.get('Prometheus 2')!;
const others = () => set.engines.filter((e) => e.name !== 'Prometheus 2');

function ok(r: QueryJsonResult | undefined, what: string): QueryJsonFrame[] {
  expect(r, what).toBeDefined();
  expect(r!.error, `${what}: ${r!.error}`).toBeUndefined();
  return r!.frames ?? [];
}

function table(frames: QueryJsonFrame[], name: string): Record<string, unknown[]> {
  const f = frames.find((x) => x.schema.name === name);
  expect(f, `frame ${name}`).toBeDefined();
  return Object.fromEntries(f!.schema.fields.map((field, i) => [field.name ?? String(i), f!.data.values[i]!]));
}

describe('every metric query type on Prometheus 2, Prometheus 3, Thanos and Mimir', () => {
  it('the engines are the ones the README names', () => {
    expect(set.engines.map((e) => e.name)).toEqual(['Prometheus 2', 'Prometheus 3', ...THANOS_QUERIERS, 'Mimir']);
    expect(set.engines[0]!.version).toMatch(/prometheus, version 2\./);
    expect(set.engines[1]!.version).toMatch(/prometheus, version 3\./);
    for (const e of set.engines.slice(2, 4)) expect(e.version).toMatch(/thanos, version 0\.42\./);
    expect(set.engines[4]!.version).toMatch(/^Mimir, version 3\./);
  });

  const numeric = ['promql_range', 'promql_raw', 'promql_instant', 'ttft_p95', 'itl_p50_instance', 'request_rate', 'error_ratio', 'kv_cache', 'gpu_util', 'gpu_count', 'degradation', 'degradation_instant', 'test'];
  it.each(numeric)('%s: same series and values as on Prometheus 2', (refId) => {
    const want = seriesOf(ok(reference()[refId], `Prometheus 2 ${refId}`));
    expect(want.size, `${refId} has data on Prometheus 2`).toBeGreaterThan(0);
    for (const e of others()) {
      const got = seriesOf(ok(answers.get(e.name)![refId], `${e.name} ${refId}`));
      expect([...got.keys()].sort(), `${e.name} ${refId} series`).toEqual([...want.keys()].sort());
      for (const [key, values] of want) {
        const m = [mean(values), mean(got.get(key)!)];
        expect(close(m[0]!, m[1]!), `${e.name} ${refId} ${key}: mean ${m[1]} vs ${m[0]} on Prometheus 2`).toBe(true);
      }
    }
  });

  it('anomaly (range and instant): the same series flagged at the same points', () => {
    for (const refId of ['anomaly', 'anomaly_instant']) {
      const want = seriesOf(ok(reference()[refId], `Prometheus 2 ${refId}`));
      expect(want.size).toBeGreaterThan(0);
      for (const e of others()) {
        const got = seriesOf(ok(answers.get(e.name)![refId], `${e.name} ${refId}`));
        expect([...got.keys()].sort(), `${e.name} ${refId}`).toEqual([...want.keys()].sort());
        for (const [key, values] of want) {
          if (!key.includes('|flag|') && !key.includes('flag')) continue;
          const other = got.get(key)!;
          const same = values.filter((v, i) => v === other[i]).length / Math.max(1, values.length);
          expect(same, `${e.name} ${refId} ${key}: flags agree`).toBeGreaterThanOrEqual(0.95);
        }
      }
    }
    // The injected KV-cache saturation is flagged on every engine.
    for (const e of set.engines) {
      const flags = [...seriesOf(answers.get(e.name)!.anomaly!.frames!)].filter(([k]) => k.includes('flag') && k.includes(FAULTY));
      expect(flags.length, `${e.name}: flag series of ${FAULTY}`).toBeGreaterThan(0);
      expect(flags.some(([, v]) => v.some((x) => x === 1)), `${e.name}: ${FAULTY} flagged`).toBe(true);
    }
  });

  it('root cause: the same incident and the same top hypothesis', () => {
    const top = (e: Engine) => {
      const t = table(ok(answers.get(e.name)!.rootcause, `${e.name} rootcause`), 'rootcause');
      const causeField = Object.keys(t).find((k) => /cause|hypothesis/i.test(k))!;
      return String(t[causeField]![0]);
    };
    const want = top(set.engines[0]!);
    expect(want).not.toBe('undefined');
    for (const e of others()) expect(top(e), e.name).toBe(want);
  });

  it('cost: the same totals per view, and the instant form', () => {
    for (const refId of ['cost_summary', 'cost_by_model', 'cost_instant']) {
      const want = seriesOf(ok(reference()[refId], `Prometheus 2 ${refId}`));
      expect(want.size, refId).toBeGreaterThan(0);
      for (const e of others()) {
        const got = seriesOf(ok(answers.get(e.name)![refId], `${e.name} ${refId}`));
        expect([...got.keys()].sort(), `${e.name} ${refId}`).toEqual([...want.keys()].sort());
        for (const [key, values] of want) {
          values.forEach((v, i) => expect(close(v, got.get(key)![i]!), `${e.name} ${refId} ${key}[${i}]: ${got.get(key)![i]} vs ${v}`).toBe(true));
        }
      }
    }
  });

  it('health check and editor resources: the same engines, models and label values', async () => {
    const health = await Promise.all(set.engines.map((e) => set.plugin.checkHealth(settingsOf(e))));
    for (const [i, h] of health.entries()) expect(h.status, `${set.engines[i]!.name}: ${h.message}`).toBe('OK');
    const body = async (e: Engine, path: string, query = '') => {
      const r = await set.plugin.callResource({ settings: settingsOf(e), path, query });
      expect(r.status, `${e.name} ${path}`).toBe(200);
      // When each engine was detected differs by a millisecond or two.
      return JSON.parse(r.body.toString('utf8'), (k, v: unknown) => (k === 'detectedAt' ? undefined : v)) as unknown;
    };
    for (const [path, query] of [
      ['engines', ''],
      ['signal-label-values', 'label=model'],
      ['label-values', 'label=model_name'],
    ] as const) {
      const want = await body(set.engines[0]!, path, query);
      for (const e of others()) expect(await body(e, path, query), `${e.name} ${path}`).toEqual(want);
    }
  });
});

describe('Thanos: the fleet over two shards × two replicas, deduplicated', () => {
  const thanosUrl = () => set.engines.find((e) => e.name === 'Thanos')!.url;

  /** Series of an instant PromQL query straight to the querier, as label sets. */
  const direct = async (expr: string, atMs: number, dedup: boolean) => {
    const res = await fetch(`${thanosUrl()}/api/v1/query?${new URLSearchParams({ query: expr, time: String(atMs / 1000), dedup: String(dedup) })}`);
    expect(res.status, expr).toBe(200);
    const body = (await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    return body.data.result.map((r): Record<string, string> => ({ ...r.metric, value: r.value[1] }));
  };

  it('the fleet is split by target over both shards, and replica b of each misses the outage hour', async () => {
    expect(set.thanos.shards).toHaveLength(2);
    for (const shard of set.thanos.shards) expect(shard.targets.length).toBeGreaterThan(1);
    const perReplica = (atMs: number) =>
      direct(`count by (${SHARD_LABEL}, ${REPLICA_LABEL}) ({__name__=~"vllm:.+|DCGM_.+"})`, atMs, false).then((rs) =>
        rs.map((r) => `${r[SHARD_LABEL]}/${r[REPLICA_LABEL]}`).sort()
      );
    expect(await perReplica(OUTAGE.fromMs - 20 * 60_000)).toEqual(['0/a', '0/b', '1/a', '1/b']);
    expect(await perReplica(OUTAGE.fromMs + 20 * 60_000)).toEqual(['0/a', '1/a']);
    // Deduplicated (the default), the replica label is gone and every series is there once.
    const deduped = await direct(`count by (${SHARD_LABEL}, ${REPLICA_LABEL}) ({__name__=~"vllm:.+|DCGM_.+"})`, OUTAGE.fromMs + 20 * 60_000, true);
    expect(deduped.map((r) => Object.keys(r).sort())).toEqual([[SHARD_LABEL, 'value'], [SHARD_LABEL, 'value']]);
  });

  it("the second querier runs Thanos' own PromQL engine (its operator tree in `analyze`), the first Prometheus'", async () => {
    const analysis = async (url: string) => {
      const params = new URLSearchParams({ query: 'sum by (model_name) (rate(vllm:generation_tokens_total[5m]))', time: String(TO / 1000), analyze: 'true' });
      const body = (await (await fetch(`${url}/api/v1/query?${params}`)).json()) as { data: { analysis?: { name?: string } } };
      return body.data.analysis ?? {};
    };
    expect(await analysis(set.thanos.url.prometheus)).toEqual({});
    expect((await analysis(set.thanos.url.thanos)).name).toMatch(/^\[\w+/);
  });
});

describe.each(DISTRIBUTED)('%s answers what one Prometheus 3 holding the whole fleet answers', (name) => {
  const thanos = () => answers.get(name)!;
  const single = () => answers.get('Prometheus 3')!;

  it('no answer through the plugin carries the replica label or a notice one Prometheus 3 does not give', () => {
    const notices = (r: QueryJsonResult | undefined) =>
      (r?.frames ?? []).flatMap((f, i) => ((f.schema.meta?.notices ?? []) as Array<{ severity: string; text: string }>).map((n) => `frame ${i} ${n.severity}: ${n.text}`));
    for (const [refId, r] of Object.entries(thanos())) {
      for (const f of r.frames ?? []) for (const field of f.schema.fields) expect(field.labels?.[REPLICA_LABEL], `${refId} ${field.name}`).toBeUndefined();
      // A store that failed shows as a partial-response warning, which the plugin turns into a notice.
      expect(notices(r), `${refId} notices`).toEqual(notices(single()[refId]));
    }
  });

  /** Every query type, value for value: one Prometheus 3 and the sharded, deduplicated fleet behind Thanos. */
  const exact = QUERIES.map((x) => x.refId).filter((r) => r !== 'test' && r !== 'rootcause');
  it.each(exact)('%s: the same series and the same values as one Prometheus 3', (refId) => {
    const want = seriesOf(ok(single()[refId], `Prometheus 3 ${refId}`));
    expect(want.size, `${refId} has data on Prometheus 3`).toBeGreaterThan(0);
    const got = seriesOf(ok(thanos()[refId], `${name} ${refId}`));
    expect([...got.keys()].sort(), `${name} ${refId} series`).toEqual([...want.keys()].sort());
    const differ: string[] = [];
    for (const [key, values] of want) {
      const other = got.get(key)!;
      if (other.length !== values.length) differ.push(`${key}: ${other.length} points vs ${values.length}`);
      values.forEach((v, i) => {
        if (!same(v, other[i]!)) differ.push(`${key}[${i}]: ${other[i]} vs ${v}`);
      });
    }
    expect(differ.slice(0, 10), `${differ.length} values differ`).toEqual([]);
  });

  it('root cause: the same ranking, scores and evidence as one Prometheus 3', () => {
    const want = ok(single().rootcause, 'Prometheus 3 rootcause');
    const got = ok(thanos().rootcause, `${name} rootcause`);
    expect(got.map((f) => f.schema.name)).toEqual(want.map((f) => f.schema.name));
    for (const [i, f] of want.entries()) {
      expect(got[i]!.data.values, `frame ${f.schema.name}`).toEqual(f.data.values);
    }
    expect(table(want, 'rootcause')).toBeDefined();
  });
});
