// Seeded fuzzing of QueryData and resources through the built executable, against a real Prometheus
// holding simulator history. Every request pairs fuzzed queries with a good one. Asserted: 0 crashes,
// 0 hangs, 0 bad-query-breaks-good-query, 0 non-400 answers to input that is invalid by construction,
// and no 5xx for anything else. Bounded in count and time; FUZZ_SEED / FUZZ_REQUESTS override.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATIONS, SIGNAL_IDS } from '../../pkg/model/ids';
import type { PluginHandle, QuerySpec } from '../host';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 150);
const TIME_BUDGET_MS = 90_000;
const HANG_MS = 20_000;

/** mulberry32: a small, fast, seedable PRNG (same seed → same queries). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const BAD_REGEXES = ['[', '(', 'a{2,1}', '*', '+a', '(?=x)', 'a\\1', '[z-a]', '(?<n>', '\\', 'a)'];
const QUERY_TYPES = ['test', 'promql', 'signal', 'anomaly', 'rootcause', 'cost', 'traces', 'trace', 'compliance'];

/** Raw query JSON with `metric` nested `levels` deep (as text: JSON.stringify itself overflows on it). */
function deepQuery(refId: string, queryType: string, levels: number): string {
  return `{"refId":"${refId}","queryType":"${queryType}","metric":${'{"metric":'.repeat(levels)}1${'}'.repeat(levels)}}`;
}

function hugeString(rng: Rng): string {
  return 'x'.repeat(rng.int(100_000, 4_000_000));
}

interface Case {
  name: string;
  spec: QuerySpec;
  /** Invalid by construction: must be a 400. Otherwise anything but a 5xx. */
  invalid: boolean;
}

function validSignal(rng: Rng): Record<string, unknown> {
  return {
    queryType: 'signal',
    signal: rng.pick(SIGNAL_IDS),
    ...(rng.next() < 0.5 && { aggregation: rng.pick(AGGREGATIONS) }),
    groupBy: rng.next() < 0.5 ? [rng.pick(['model', 'instance', 'engine', ...PROTO_NAMES.slice(1)])] : [],
    filters:
      rng.next() < 0.5
        ? { [rng.pick(['model', 'engine', 'constructor', 'toString'])]: rng.pick(['/.*/', 'x', ['a', 'b']]) }
        : {},
    instant: rng.next() < 0.3,
  };
}

function makeCase(rng: Rng, range: { from: number; to: number }, i: number): Case {
  const refId = `F${i}`;
  const base = { refId, from: range.from, to: range.to, intervalMs: 60_000, maxDataPoints: 200 };
  const kind = rng.int(0, 11);
  const qt = rng.pick(QUERY_TYPES);
  switch (kind) {
    case 0: {
      const far = rng.pick([1e16, 9.3e12, 2 ** 63, -1e16, Number.MAX_SAFE_INTEGER]);
      const to = rng.next() < 0.5 ? far : range.to;
      const from = to === far && far > 0 ? range.from : far;
      return {
        name: `time range ${from}..${to} on ${qt}`,
        invalid: true,
        spec: {
          ...base,
          queryType: qt,
          from,
          to,
          model: { queryType: qt, service: 'svc', traceId: 'ab', seriesCount: 2 },
        },
      };
    }
    case 1: {
      const levels = rng.int(100, 5000);
      return {
        name: `metric nested ${levels} deep on ${qt}`,
        invalid: true,
        spec: { ...base, queryType: qt, model: deepQuery(refId, qt, levels) },
      };
    }
    case 2: {
      const field = rng.pick(['expr', 'signal', 'service', 'traceId', 'aggregation', 'metric', 'view']);
      const type = {
        expr: 'promql',
        signal: 'signal',
        service: 'traces',
        traceId: 'trace',
        aggregation: 'signal',
        metric: 'cost',
        view: 'cost',
      }[field]!;
      const extra = type === 'signal' && field !== 'signal' ? { signal: 'ttft' } : {};
      return {
        name: `huge ${field}`,
        invalid: true,
        spec: { ...base, queryType: type, model: { queryType: type, ...extra, [field]: hugeString(rng) } },
      };
    }
    case 3: {
      const re = rng.pick(BAD_REGEXES);
      const form = rng.next() < 0.5 ? `/${re}/` : { op: rng.pick(['=~', '!~']), value: re };
      const model = {
        queryType: 'signal',
        signal: rng.pick(SIGNAL_IDS),
        filters: { [rng.pick(['model', 'gpu_model', 'hostname'])]: form },
      };
      const wrapped = rng.next() < 0.3 ? { queryType: 'anomaly', source: model } : model;
      return {
        name: `invalid regex ${JSON.stringify(form)} in ${wrapped.queryType}`,
        invalid: true,
        spec: { ...base, queryType: wrapped.queryType, model: wrapped },
      };
    }
    case 4:
      return {
        name: 'filter on __proto__',
        invalid: true,
        spec: {
          ...base,
          queryType: 'signal',
          model: JSON.parse(`{"queryType":"signal","signal":"ttft","filters":{"__proto__":"x"}}`),
        },
      };
    case 5:
      return {
        name: 'invalid label name in groupBy',
        invalid: true,
        spec: {
          ...base,
          queryType: 'signal',
          model: { queryType: 'signal', signal: 'ttft', groupBy: [rng.pick(['a-b', '1x', '', 'é', '{}'])] },
        },
      };
    case 6: {
      const field = rng.pick(['seriesCount', 'limit', 'instant', 'signal', 'filters', 'groupBy', 'expr']);
      const value = rng.pick([-1, 1.5, 'NaN', null, [], {}, true, 1e308]);
      const type = {
        seriesCount: 'test',
        limit: 'traces',
        instant: 'promql',
        signal: 'signal',
        filters: 'signal',
        groupBy: 'signal',
        expr: 'promql',
      }[field]!;
      const model = { queryType: type, signal: 'ttft', expr: 'up', service: 'svc', [field]: value };
      // Some of these are legal (instant: true, 1e308 limit is not) — judged by the schema, so only "no 5xx" here.
      return {
        name: `${field}=${JSON.stringify(value)} on ${type}`,
        invalid: false,
        spec: { ...base, queryType: type, model },
      };
    }
    case 7:
      return {
        name: 'unknown queryType',
        invalid: true,
        spec: { ...base, queryType: rng.pick(['nope', '__proto__', 'constructor', 'toString']), model: {} },
      };
    case 8:
      return {
        name: 'invalid JSON',
        invalid: true,
        spec: {
          ...base,
          queryType: 'promql',
          model: rng.pick(['{', '{"a":', '[1,2', '{"expr":"up"', '\u0000', '{"a":1}}']),
        },
      };
    case 9:
      return {
        name: 'range ends before it starts',
        invalid: true,
        spec: { ...base, queryType: qt, from: range.to, to: range.from, model: { queryType: qt } },
      };
    case 10:
      return {
        name: 'test query above the caps',
        invalid: false, // a truncated answer with a notice (or a 400): never a 5xx, never a hang
        spec: {
          ...base,
          queryType: 'test',
          maxDataPoints: 1e9,
          intervalMs: 1,
          model: { queryType: 'test', seriesCount: rng.int(1, 1000), points: rng.int(1, 100_000) },
        },
      };
    default:
      return {
        name: 'signal with random options',
        invalid: false,
        spec: { ...base, queryType: 'signal', model: validSignal(rng) },
      };
  }
}

let env: SimulatedBackend;
let plugin: PluginHandle;

beforeAll(async () => {
  env = await startSimulatedBackend({ duration: '2h', seed: 5 });
  plugin = env.plugin;
}, 300_000);

afterAll(() => env?.stop());

describe(`fuzzed queries (seed ${SEED}, up to ${REQUESTS} requests)`, () => {
  it('0 crashes, 0 hangs, 0 good queries broken, 0 non-400 answers to invalid input', async () => {
    const rng = prng(SEED);
    const end = env.backfill.groundTruth.endMs;
    const range = { from: end - 3_600_000, to: end };
    const good: QuerySpec = {
      refId: 'GOOD',
      queryType: 'promql',
      model: { queryType: 'promql', expr: 'sum(up)' },
      from: range.from,
      to: range.to,
      intervalMs: 60_000,
      maxDataPoints: 100,
    };
    // Tighter than the default point cap, so capped queries stay cheap to decode on the test side.
    const settings = { ...env.settings, jsonData: { ...env.settings.jsonData, maxPointsPerQuery: 200_000 } };
    const failures: string[] = [];
    const started = Date.now();
    let sent = 0;
    let cases = 0;
    for (let r = 0; r < REQUESTS && Date.now() - started < TIME_BUDGET_MS; r++) {
      const batch = Array.from({ length: rng.int(1, 3) }, () => makeCase(rng, range, cases++));
      const t0 = Date.now();
      let json;
      try {
        json = await plugin.queryJson([...batch.map((c) => c.spec), good], { settings, deadlineMs: HANG_MS });
      } catch (e) {
        failures.push(`request ${r} (${batch.map((c) => c.name).join(', ')}): ${(e as Error).message.slice(0, 300)}`);
        if (!plugin.isRunning()) break;
        continue;
      }
      sent++;
      const ms = Date.now() - t0;
      if (ms > HANG_MS) failures.push(`request ${r} took ${ms} ms`);
      const g = json.results.GOOD;
      if (g?.status !== 200 || !g.frames?.length)
        failures.push(`request ${r}: good query answered ${g?.status} ${g?.error}`);
      for (const c of batch) {
        const res = json.results[c.spec.refId];
        if (!res) {
          failures.push(`${c.name}: no answer`);
          continue;
        }
        if (c.invalid && res.status !== 400)
          failures.push(`${c.name}: ${res.status} (want 400) ${String(res.error).slice(0, 200)}`);
        if (!c.invalid && res.status >= 500)
          failures.push(`${c.name}: ${res.status} ${String(res.error).slice(0, 200)}`);
        if ((res.error ?? '').length > 2100) failures.push(`${c.name}: ${res.error!.length}-character error message`);
      }
    }
    console.log(
      `fuzz: seed ${SEED}, ${sent} requests, ${cases} fuzzed queries in ${Date.now() - started} ms, ${failures.length} failures`
    );
    expect(failures).toEqual([]);
    expect(plugin.isRunning()).toBe(true);
    expect(await plugin.health()).toBe('SERVING');
    expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, 20));
  });

  it('resources: prototype-named, invalid and huge parameters are a 400 or a correct answer', async () => {
    const rng = prng(SEED + 1);
    const labels = [...PROTO_NAMES, 'a-b', '', 'x'.repeat(100_000), 'model', 'hostname'];
    const failures: string[] = [];
    for (let i = 0; i < 40; i++) {
      const path = rng.pick(['label-values', 'signal-label-values', 'labels', 'metrics']);
      const label = rng.pick(labels);
      const time = rng.pick(['', '&start=1e20', '&end=-5', '&start=abc', `&end=${env.backfill.groundTruth.endMs}`]);
      const res = await plugin.callResource({
        path,
        settings: env.settings,
        query: `label=${encodeURIComponent(label)}${time}`,
      });
      const body = res.body.toString('utf8');
      if (res.status === 200) {
        const data = (JSON.parse(body) as { data: unknown[] }).data;
        if (!Array.isArray(data) || data.some((v) => typeof v !== 'string'))
          failures.push(`${path}?label=${label.slice(0, 20)}${time}: 200 with ${body.slice(0, 200)}`);
      } else if (res.status !== 400)
        failures.push(`${path}?label=${label.slice(0, 20)}${time}: ${res.status} ${body.slice(0, 200)}`);
      if (body.length > 3000 && res.status !== 200) failures.push(`${path}: ${body.length}-byte error body`);
    }
    expect(failures).toEqual([]);
  });
});
