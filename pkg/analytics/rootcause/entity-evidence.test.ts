// Evidence about one entity and its neighbours; missing data, restarts, rollouts and leaks as evidence.
import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import { restartsFromCounterResets, restartsFromProcessStart, rolloutsFromLabel } from './restarts';
import { leakTrend } from './trend';
import { neighbours } from './topology';
import type { Labels, SignalSeries } from './types';

const STEP = 15_000;
const T0 = Date.parse('2026-11-20T12:00:00Z');
const N = 240; // an hour
const W0 = 200; // incident from sample 200 to the end
const window = { start: T0 + W0 * STEP, end: T0 + (N - 1) * STEP };
const noise = (i: number) => (((i * 2654435761) >>> 0) % 1000) / 500 - 1;
const at = (i: number) => T0 + i * STEP;
function s(signal: string, labels: Labels, f: (i: number) => number | null, minScale?: number): SignalSeries {
  const times = Array.from({ length: N }, (_, i) => at(i));
  return { signal, labels, times, values: times.map((_, i) => f(i)), minScale };
}
const step = (before: number, after: number, jitter = 0.01) => (i: number) => (i >= W0 ? after : before) * (1 + jitter * noise(i));

const A = { model: 'llama', instance: 'vllm-a:8000', pod: 'vllm-a' };
const B = { model: 'llama', instance: 'vllm-b:8000', pod: 'vllm-b' };
const GPU_A = { hostname: 'node-1', gpu: '0', pod: 'vllm-a', model: 'llama', instance: 'vllm-a:8000' };

describe('neighbours', () => {
  it('relates an instance to its own GPUs, never to a GPU that names only another machine', () => {
    expect(neighbours(GPU_A, A)).toBe(true);
    expect(neighbours({ hostname: 'node-2', gpu: '0' }, A)).toBe(false);
    expect(neighbours({ model: 'llama' }, A)).toBe(true);
    expect(neighbours({}, A)).toBe(true);
    expect(neighbours(A, B)).toBe(false);
  });
});

describe('entity-coherent evidence', () => {
  it('does not build GPU overload on one node from the queue of an instance on another node', () => {
    const r = analyzeRootCause({
      window,
      candidates: [
        s('gpu_utilization', { hostname: 'node-1', gpu: '3' }, step(0.5, 0.99, 0.005), 0.02),
        s('requests_waiting', B, (i) => (i >= W0 ? 30 : 1), 1),
      ],
    });
    const overload = r.hypotheses.find((h) => h.id === 'gpu_overload');
    expect(overload?.signals.map((x) => x.signal) ?? []).not.toContain('requests_waiting');
    expect(overload?.evidence.join(' ') ?? '').not.toMatch(/vllm-b/);
  });
});

describe('missing data and dead processes', () => {
  // vllm-a's process died at sample 200: its serving series stop, its GPU idles at 345 MHz.
  const died = [
    s('ttft', A, (i) => (i < W0 ? 0.3 * (1 + 0.01 * noise(i)) : null), 0.02),
    s('kv_cache_usage', A, (i) => (i < W0 ? 0.5 : null), 0.02),
    s('request_rate', A, (i) => (i < W0 ? 8 : null), 0.05),
    s('ttft', B, (i) => 0.3 * (1 + 0.01 * noise(i)), 0.02),
    s('request_rate', B, (i) => 8, 0.05),
    s('gpu_utilization', GPU_A, step(0.7, 0, 0.01), 0.02),
    s('gpu_sm_clock', GPU_A, step(1980e6, 345e6, 0.001), 1e7),
    s('gpu_power', GPU_A, step(450, 62, 0.01), 5),
    s('gpu_temperature', GPU_A, step(62, 41, 0.01), 1),
  ];

  it('calls an instance that stopped reporting down, not "no cause"', () => {
    const r = analyzeRootCause({ window, candidates: died, targetSignal: 'ttft', stepMs: STEP });
    expect(r.hypotheses[0]).toMatchObject({ id: 'instance_down', entity: { instance: 'vllm-a:8000' }, firstDeviation: at(W0) });
    expect(r.hypotheses[0].evidence[0]).toMatch(/stopped reporting at 12:50:00 UTC .*no data since/);
  });

  it('does not call an instance down when only its latency quantile went blank while its other series report (no requests, not no process)', () => {
    const idle = [
      s('ttft', A, (i) => (i < W0 ? 0.3 * (1 + 0.01 * noise(i)) : null), 0.02),
      s('kv_cache_usage', A, () => 0.5, 0.02),
      s('request_rate', A, (i) => (i < W0 ? 8 : 0), 0.05),
      s('ttft', B, (i) => 0.3 * (1 + 0.01 * noise(i)), 0.02),
      s('request_rate', B, () => 8, 0.05),
    ];
    const r = analyzeRootCause({ window, candidates: idle, stepMs: STEP });
    expect(r.hypotheses.map((h) => h.id)).not.toContain('instance_down');
    // the same data with every series of vllm-a stopping is "instance down"
    const stopped = idle.map((x, i) => (i < 3 ? { ...x, values: x.values.map((v, j) => (j < W0 ? v : null)) } : x));
    expect(analyzeRootCause({ window, candidates: stopped, stepMs: STEP }).hypotheses[0]).toMatchObject({ id: 'instance_down', entity: { instance: 'vllm-a:8000' } });
  });

  it('calls a target whose scrape fails (up 0) down', () => {
    const r = analyzeRootCause({
      window,
      candidates: [s('up', { instance: 'vllm-a:8000', pod: 'vllm-a' }, (i) => (i >= W0 ? 0 : 1), 0.1), s('up', { instance: 'vllm-b:8000', pod: 'vllm-b' }, () => 1, 0.1)],
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'instance_down', entity: { instance: 'vllm-a:8000' } });
    expect(r.hypotheses[0].evidence[0]).toMatch(/^up fell from 1 to 0 .* at 12:50:00 UTC on instance=vllm-a:8000/);
  });

  it('does not read a GPU idled by a dead process as thermal throttling', () => {
    const r = analyzeRootCause({ window, candidates: died.filter((x) => x.signal.startsWith('gpu_')), stepMs: STEP });
    expect(r.hypotheses.map((h) => h.id)).not.toContain('thermal_throttling');
  });

  it('still finds real throttling: hot, clocks reduced under load', () => {
    const r = analyzeRootCause({
      window,
      candidates: [
        s('gpu_utilization', GPU_A, () => 0.9, 0.02),
        s('gpu_sm_clock', GPU_A, step(1980e6, 1200e6, 0.001), 1e7),
        s('gpu_temperature', GPU_A, step(60, 88, 0.01), 1),
      ],
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'thermal_throttling', entity: { gpu: '0', hostname: 'node-1' } });
  });
});

describe('restarts and rollouts', () => {
  const startTime = (restarts: number[]) =>
    s('process_start_time_seconds', A, (i) => {
      const last = [0, ...restarts].filter((r) => r <= i).at(-1)!;
      return (at(last) - 3_600_000 * (last === 0 ? 1 : 0)) / 1000;
    });

  it('reads restarts from process_start_time_seconds, counter resets and label changes', () => {
    expect(restartsFromProcessStart([startTime([100, 180])]).map((e) => e.at)).toEqual([at(100), at(180)]);
    const resets = s('resets', A, (i) => (i === 120 || i === 121 ? 1 : 0));
    expect(restartsFromCounterResets([resets])).toEqual([{ kind: 'counter_reset', labels: A, at: at(120) }]);
    const v1 = s('up', { ...A, version: '0.10.1' }, (i) => (i < 150 ? 1 : null));
    const v2 = s('up', { ...A, version: '0.11.0' }, (i) => (i >= 150 ? 1 : null));
    expect(rolloutsFromLabel([v1, v2], 'version')).toEqual([{ kind: 'version_change', labels: A, at: at(150), from: '0.10.1', to: '0.11.0' }]);
  });

  it('finds a bad canary from a version label change followed by errors on the same instance', () => {
    const v1 = s('up', { ...A, version: '0.10.1' }, (i) => (i < 195 ? 1 : null));
    const v2 = s('up', { ...A, version: '0.11.0' }, (i) => (i >= 195 ? 1 : null));
    const r = analyzeRootCause({
      window,
      candidates: [s('error_ratio', A, (i) => (i >= W0 ? 0.15 : 0.005), 0.005), s('error_ratio', B, () => 0.005, 0.005)],
      restarts: rolloutsFromLabel([v1, v2], 'version'),
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'bad_deploy', entity: { instance: 'vllm-a:8000' } });
    expect(r.hypotheses[0].evidence[0]).toBe('version 0.10.1 → 0.11.0 on model=llama instance=vllm-a:8000 pod=vllm-a at 12:48:45 UTC');
  });

  it('finds a rollout seen only as a restart followed by errors', () => {
    const r = analyzeRootCause({
      window,
      candidates: [s('error_ratio', A, (i) => (i >= W0 ? 0.15 : 0.005), 0.005)],
      restarts: restartsFromProcessStart([startTime([196])]),
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'bad_deploy', entity: { instance: 'vllm-a:8000' } });
    expect(r.hypotheses[0].evidence[0]).toMatch(/^restart \(new process\) on .*vllm-a/);
  });

  it('calls repeated restarts with an outage a crash loop, and the GPU idling meanwhile is not throttling', () => {
    const r = analyzeRootCause({
      window,
      stepMs: STEP,
      candidates: [
        s('ttft', A, (i) => (i >= 205 && i < 215 ? null : 0.3), 0.02),
        s('ttft', B, () => 0.3, 0.02),
        s('gpu_utilization', GPU_A, (i) => (i >= 205 && i < 225 ? 0 : 0.7), 0.02),
        s('gpu_sm_clock', GPU_A, (i) => (i >= 205 && i < 225 ? 345e6 : 1980e6), 1e7),
      ],
      restarts: restartsFromProcessStart([startTime([205, 230])]),
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'process_restart', entity: { instance: 'vllm-a:8000' } });
    expect(r.hypotheses[0].evidence[0]).toMatch(/restarted 2 times/);
    expect(r.hypotheses.map((h) => h.id)).not.toContain('thermal_throttling');
  });
});

describe('errors with nothing upstream', () => {
  it('is an error burst on the instance, and a rollout or XID on it explains the errors instead', () => {
    const errors = [s('error_ratio', A, (i) => (i >= W0 ? 0.25 : 0.005), 0.005), s('error_ratio', B, () => 0.005, 0.005)];
    const burst = analyzeRootCause({ window, candidates: errors });
    expect(burst.hypotheses[0]).toMatchObject({ id: 'error_burst', entity: { instance: 'vllm-a:8000' } });
    const v1 = s('up', { ...A, version: '1' }, (i) => (i < 195 ? 1 : null));
    const v2 = s('up', { ...A, version: '2' }, (i) => (i >= 195 ? 1 : null));
    const rollout = analyzeRootCause({ window, candidates: errors, restarts: rolloutsFromLabel([v1, v2], 'version') });
    expect(rollout.hypotheses.map((h) => h.id).slice(0, 2)).toEqual(['bad_deploy', 'error_burst']);
    expect(rollout.hypotheses[1].confidence).toBeLessThan(rollout.hypotheses[0].confidence * 0.7);
  });

  it('counts a rise of a few points where the ratio was flat, and needs 3 points where it wanders', () => {
    // An engine that failed nothing, then 2.5 % of its requests (4 requests/s): a burst.
    const flatBefore = [s('error_ratio', A, (i) => (i >= W0 ? 0.025 * (1 + 0.2 * noise(i)) : 0)), s('request_rate', A, () => 4, 0.05)];
    expect(analyzeRootCause({ window, candidates: flatBefore }).hypotheses[0]).toMatchObject({ id: 'error_burst', entity: { instance: 'vllm-a:8000' } });
    // The same 2.5-point rise on a ratio that wanders by 1–2 points (client aborts): not a burst.
    const wandering = [s('error_ratio', A, (i) => (i >= W0 ? 0.05 : 0.025) + 0.012 * noise(i)), s('request_rate', A, () => 4, 0.05)];
    expect(analyzeRootCause({ window, candidates: wandering }).hypotheses.map((h) => h.id)).not.toContain('error_burst');
  });

  it('is a burst when a replica serving a request a second fails 4 % of them for 20 minutes', () => {
    // 0.04 × 1.2 requests/s: 2.9 failed requests a minute, about 58 over the window.
    const long = { start: T0 + 160 * STEP, end: T0 + (N - 1) * STEP };
    const errors = [s('error_ratio', A, (i) => (i >= 160 ? 0.04 * (1 + 0.2 * noise(i)) : 0)), s('request_rate', A, () => 1.2, 0.05)];
    expect(analyzeRootCause({ window: long, candidates: errors }).hypotheses[0]).toMatchObject({ id: 'error_burst', entity: { instance: 'vllm-a:8000' } });
  });

  it('is no burst when a handful of requests swing the ratio (a quiet night)', () => {
    const quiet = [s('error_ratio', A, (i) => (i >= W0 ? 0.08 : 0.01), 0.005), s('request_rate', A, () => 0.3, 0.05)];
    expect(analyzeRootCause({ window, candidates: quiet }).hypotheses.map((h) => h.id)).not.toContain('error_burst');
    const busy = [s('error_ratio', A, (i) => (i >= W0 ? 0.08 : 0.01), 0.005), s('request_rate', A, () => 5, 0.05)];
    expect(analyzeRootCause({ window, candidates: busy }).hypotheses[0].id).toBe('error_burst');
    // The same for a per-model target: the model's instances' requests count.
    const perModel = [s('error_ratio', { model: 'llama' }, (i) => (i >= W0 ? 0.08 : 0.01), 0.005), s('request_rate', A, () => 0.2, 0.05), s('request_rate', B, () => 0.2, 0.05)];
    expect(analyzeRootCause({ window, candidates: [], target: perModel.slice(0, 1), targetSignal: 'error_ratio' }).hypotheses.map((h) => h.id)).toContain('error_burst');
    expect(analyzeRootCause({ window, candidates: perModel.slice(1), target: perModel.slice(0, 1), targetSignal: 'error_ratio' }).hypotheses.map((h) => h.id)).not.toContain('error_burst');
  });
});

describe('a trend that ends in a crash', () => {
  // GPU memory climbs from 0.90 to 0.99 over 40 minutes, then the process crashes (memory freed).
  const N2 = 480;
  const leak = (i: number) => (i < 200 ? 0.9 : i < 360 ? 0.9 + (0.09 * (i - 200)) / 160 : i < 370 ? 0.02 : 0.9) + 0.001 * noise(i);
  const mem: SignalSeries = { signal: 'gpu_memory_used_ratio', labels: GPU_A, times: Array.from({ length: N2 }, (_, i) => at(i)), values: Array.from({ length: N2 }, (_, i) => leak(i)), minScale: 0.005 };
  const w = { start: at(360), end: at(380) };

  it('finds the rise and the crash', () => {
    const t = leakTrend(mem, w)!;
    expect(t).toMatchObject({ dropTime: at(360), peakTime: at(359) });
    // The climb is dated from where it left its low (10 % of the rise), not from the flat stretch before.
    expect(t.riseStart).toBeGreaterThanOrEqual(at(200));
    expect(t.riseStart).toBeLessThanOrEqual(at(220));
    expect(t.minutes).toBeGreaterThan(30);
    const stepUp = { ...mem, values: mem.values.map((_, i) => (i < 300 ? 0.5 : 0.9)) };
    expect(leakTrend(stepUp, w)).toBeNull();
  });

  it('sees the crash that ended the incident just after the window, and no rise after it', () => {
    // The window ends at the last high point (where an incident found on the symptom ends).
    expect(leakTrend(mem, { start: at(300), end: at(359) })).toMatchObject({ dropTime: at(360), peakTime: at(359) });
    // A crash more than 5 minutes after the window is another event.
    const early = leakTrend(mem, { start: at(300), end: at(330) })!;
    expect(early.dropTime).toBeNull();
    expect(early.peakTime).toBeLessThanOrEqual(at(330));
  });

  it('classes a leak by its trend, not by the post-crash point', () => {
    const errors: SignalSeries = { signal: 'error_ratio', labels: A, times: mem.times, values: mem.times.map((_, i) => (i >= 358 && i < 372 ? 0.5 : 0.005)), minScale: 0.005 };
    const r = analyzeRootCause({ window: w, candidates: [mem, errors] });
    expect(r.hypotheses[0]).toMatchObject({ id: 'gpu_memory_leak', entity: { instance: 'vllm-a:8000', gpu: '0' } });
    expect(r.hypotheses[0].evidence[0]).toMatch(/rose steadily from 0\.9\d* to 0\.99 over 3\d min .* on model=llama instance=vllm-a:8000 pod=vllm-a hostname=node-1 gpu=0/);
    expect(r.hypotheses.map((h) => h.id)).not.toContain('gpu_underutilization');
  });
});
