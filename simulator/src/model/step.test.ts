import { describe, expect, it } from 'vitest';
import { smallFleet } from '../fleet/fleets';
import { buildRegistry } from '../metrics/build';
import { renderExposition } from '../metrics/format';
import { FAULT_KINDS, KINDS, type FaultKind } from '../scenario/kinds';
import { resolveScenario, type Scenario } from '../scenario/scenario';
import { CONTENT_FILTER_SHARE, createContext, initialState, run, step } from './step';
import { signalValue } from './signals';
import type { SimState } from './state';

const fleet = smallFleet();
// Wednesday 2026-11-25 14:00 UTC: a busy weekday afternoon.
const ANCHOR = Date.parse('2026-11-25T14:00:00Z');
const K0 = ANCHOR / 15000;

function ctxFor(scenario: Scenario, seed = 7) {
  return createContext(fleet, resolveScenario(scenario, fleet, ANCHOR), seed);
}

describe('model determinism', () => {
  it('gives identical exposition for the same seed and start, different for another seed', () => {
    const expose = (seed: number) => {
      const ctx = ctxFor({ name: 't', faults: [] }, seed);
      const reg = buildRegistry(ctx);
      reg.fill(run(initialState(ctx, K0), ctx, 200));
      return renderExposition(reg);
    };
    const a = expose(1);
    expect(expose(1)).toBe(a);
    expect(expose(2)).not.toBe(a);
  });

  it('does not mutate the previous state', () => {
    const ctx = ctxFor({ name: 't', faults: [] });
    const s0 = run(initialState(ctx, K0), ctx, 10);
    const snapshot = JSON.stringify(s0, (_k, v) => (v instanceof Float64Array ? [...v] : v));
    step(s0, ctx);
    expect(JSON.stringify(s0, (_k, v) => (v instanceof Float64Array ? [...v] : v))).toBe(snapshot);
  });
});

describe('load → latency', () => {
  it('TTFT, queue time and E2E rise monotonically with arrival rate', () => {
    const readings = [1, 2, 3, 4, 5].map((m) => {
      const ctx = ctxFor({
        name: 'surge',
        faults: [{ kind: 'traffic_surge', start: '-1h', duration: '2h', target: { instance: 'vllm-llama-8b-0' }, params: { multiplier: m, capacityFloor: 0 } }],
      });
      let s = initialState(ctx, K0 - 60);
      let ttft = 0;
      let queue = 0;
      let e2e = 0;
      for (let j = 0; j < 120; j++) {
        s = step(s, ctx);
        if (j >= 60) {
          ttft += signalValue(ctx, s, 'ttft', 1);
          queue += signalValue(ctx, s, 'queue_time', 1);
          e2e += signalValue(ctx, s, 'e2e_latency', 1);
        }
      }
      return { ttft, queue, e2e };
    });
    for (let j = 1; j < readings.length; j++) {
      expect(readings[j].ttft).toBeGreaterThan(readings[j - 1].ttft);
      expect(readings[j].queue).toBeGreaterThanOrEqual(readings[j - 1].queue);
      expect(readings[j].e2e).toBeGreaterThan(readings[j - 1].e2e);
    }
    // Past capacity the queue dominates: TTFT at 5× load is far above baseline.
    expect(readings[4].ttft).toBeGreaterThan(10 * readings[0].ttft);
  });
});

describe('counters', () => {
  it('never decrease, buckets stay cumulative, across faults that add and drop series', () => {
    const faults: Scenario['faults'] = FAULT_KINDS.map((kind, n) => ({
      kind,
      start: `${n * 20}m`,
      duration: '15m',
      target: { instance: 'vllm-llama-8b-0' },
    }));
    const ctx = ctxFor({ name: 'all', faults });
    const reg = buildRegistry(ctx);
    const counterIdx = reg.families.filter((f) => f.type === 'counter' || f.type === 'histogram').flatMap((f) => f.series);
    // Bucket series of each histogram (one label set), in ascending `le` order as registered.
    const bucketGroups = new Map<string, number[]>();
    for (const f of reg.families.filter((x) => x.type === 'histogram')) {
      for (const i of f.series) {
        if (!reg.names[i].endsWith('_bucket')) continue;
        const key = reg.keys[i].replace(/,le="[^"]*"/, '');
        bucketGroups.set(key, [...(bucketGroups.get(key) ?? []), i]);
      }
    }
    let s: SimState = initialState(ctx, K0);
    const last = new Float64Array(reg.size).fill(-Infinity);
    let checked = 0;
    let ordered = 0;
    for (let j = 0; j < FAULT_KINDS.length * 80 + 40; j++) {
      s = step(s, ctx);
      reg.fill(s);
      for (const i of counterIdx) {
        // A series that disappears (instance down, restart) may come back from 0, as after a real restart.
        if (!reg.active[i]) {
          last[i] = -Infinity;
          continue;
        }
        if (reg.values[i] < last[i]) expect.fail(`${reg.keys[i]} went from ${last[i]} to ${reg.values[i]} at step ${j}`);
        last[i] = reg.values[i];
        checked++;
      }
      for (const [key, idx] of bucketGroups) {
        for (let n = 1; n < idx.length; n++) {
          if (!reg.active[idx[n]]) continue;
          if (reg.values[idx[n]] < reg.values[idx[n - 1]]) expect.fail(`${key}: bucket ${n} below bucket ${n - 1} at step ${j}`);
          ordered++;
        }
      }
    }
    expect(ordered).toBeGreaterThan(100_000);
    expect(checked).toBeGreaterThan(100_000);
  });
});

describe('content-filter refusals (OTel GenAI error_type)', () => {
  it('are a fixed share of arrivals, part of the 4xx rejections, and exposed as one histogram series', () => {
    const ctx = ctxFor({ name: 't', faults: [] });
    const i = fleet.instances.findIndex((x) => x.name === 'otel-gemma-9b-0');
    const reg = buildRegistry(ctx);
    const series = reg.keys.flatMap((key, n) =>
      key.startsWith('gen_ai_server_request_duration_seconds_count{') && key.includes('pod="otel-gemma-9b-0"') && key.includes('error_type="content_filter"') ? [n] : []
    );
    expect(series).toHaveLength(1);
    let s = initialState(ctx, K0);
    let arrivals = 0;
    let filtered = 0;
    let exposed = 0;
    for (let j = 0; j < 240; j++) {
      s = step(s, ctx);
      reg.fill(s);
      arrivals += s.instances[i].obs.arrivals;
      filtered += s.instances[i].obs.contentFiltered;
      const now = reg.values[series[0]];
      expect(now).toBeGreaterThanOrEqual(exposed);
      exposed = now;
    }
    expect(filtered).toBeCloseTo(arrivals * CONTENT_FILTER_SHARE, 6);
    expect(exposed).toBe(Math.floor(filtered));
    expect(exposed).toBeGreaterThan(0);
    // Refused requests are among the 4xx rejections, never on top of them.
    expect(filtered).toBeLessThan(s.instances[i].variants[0].http4xx);
  });
});

describe('fault effects', () => {
  const target: Record<FaultKind, Scenario['faults'][number]['target']> = {
    gpu_overload: { instance: 'vllm-llama-70b-0' },
    kv_cache_saturation: { instance: 'vllm-llama-8b-0' },
    gpu_underutilization: { instance: 'tgi-mistral-7b-0' },
    xid_error: { instance: 'vllm-llama-8b-2' },
    thermal_throttling: { instance: 'vllm-llama-70b-0' },
    power_throttling: { instance: 'vllm-llama-70b-0' },
    slow_span: { instance: 'sglang-qwen-7b-0' },
    traffic_surge: { model: 'llama-3.1-8b-instruct' },
    bad_deploy: { instance: 'vllm-llama-8b-0' },
    memory_pressure: { instance: 'otel-gemma-9b-0' },
    error_burst: { instance: 'sglang-qwen-7b-0' },
    instance_down: { instance: 'vllm-llama-8b-0' },
    engine_stall: { instance: 'vllm-llama-8b-2' },
    restart: { instance: 'vllm-llama-8b-2' },
  };

  // A busy weekday afternoon and the quietest hour of a weekend night: the promise must hold at both.
  const cases = FAULT_KINDS.flatMap((kind) => [
    [kind, '2026-11-25T14:00:00Z'],
    [kind, '2026-11-29T03:00:00Z'],
  ]) as [FaultKind, string][];
  it.each(cases)('%s at %s moves every signal it declares, in the declared direction', (kind, at) => {
    {
      const anchor = Date.parse(at);
      const faulty = createContext(fleet, resolveScenario({ name: kind, faults: [{ kind, start: '0s', duration: '45m', target: target[kind] }] }, fleet, anchor), 7);
      const healthy = createContext(fleet, [], 7);
      const inst = faulty.plan.faults[0].instances[0];
      let a = initialState(faulty, anchor / 15000 - 40);
      let b = initialState(healthy, anchor / 15000 - 40);
      const sums: Record<string, [number, number]> = {};
      for (let j = 0; j < 40 + 180; j++) {
        a = step(a, faulty);
        b = step(b, healthy);
        // Second half of the window: lagging signals (queue, temperature) have moved by then.
        if (j >= 40 + 90) {
          for (const sig of Object.keys(KINDS[kind].signals)) {
            sums[sig] ??= [0, 0];
            sums[sig][0] += signalValue(faulty, a, sig, inst);
            sums[sig][1] += signalValue(healthy, b, sig, inst);
          }
        }
      }
      for (const [sig, dir] of Object.entries(KINDS[kind].signals)) {
        const [f, h] = sums[sig];
        const msg = `${kind}: ${sig} faulted=${f.toFixed(4)} healthy=${h.toFixed(4)} expected ${dir}`;
        if (dir === 'up') expect(f, msg).toBeGreaterThan(h * 1.05 + 1e-9);
        else expect(f, msg).toBeLessThan(h * 0.95);
      }
    }
  });

  it('a fault leaves other instances alone', () => {
    const faulty = ctxFor({ name: 'x', faults: [{ kind: 'gpu_overload', start: '0s', duration: '45m', target: { instance: 'vllm-llama-70b-0' } }] });
    const healthy = ctxFor({ name: 'h', faults: [] });
    const a = run(initialState(faulty, K0), faulty, 120);
    const b = run(initialState(healthy, K0), healthy, 120);
    expect(a.instances[4].obs).toEqual(b.instances[4].obs);
    expect(a.instances[0].obs.running).toBeGreaterThan(b.instances[0].obs.running);
  });
});
