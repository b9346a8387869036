import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import type { Labels, SignalSeries } from './types';

const STEP = 60_000;
const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
/** Five baseline points, then incident points; the window covers the incident points. */
const mk = (signal: string, labels: Labels, baseline: number[], incident: number[], minScale?: number): SignalSeries => {
  const values = [...baseline, ...incident];
  return { signal, labels, times: values.map((_, i) => T0 + i * STEP), values, minScale };
};
const window = { start: T0 + 5 * STEP, end: T0 + 7 * STEP };
const inst = (i: number): Labels => ({ model: 'llama', instance: `vllm-${i}` });
const flat = (signal: string, labels: Labels, v: number, minScale = 0.01) => mk(signal, labels, [v, v, v, v, v], [v, v, v], minScale);

describe('analyzeRootCause', () => {
  it('ranks KV-cache saturation first with exact confidence and evidence', () => {
    const r = analyzeRootCause({
      window,
      targetSignal: 'ttft',
      candidates: [
        mk('ttft', inst(3), [1, 1, 1, 1, 1], [9, 9, 9], 0.01), // the symptom: no pattern uses it here
        mk('kv_cache_usage', inst(3), [0.4, 0.41, 0.42, 0.43, 0.44], [0.9, 0.99, 0.99], 0.01),
        mk('preemption_rate', inst(3), [0, 0, 0, 0, 0], [0, 2, 3], 0.1),
        flat('kv_cache_usage', inst(1), 0.42),
        flat('request_rate', inst(3), 10, 0.5),
      ],
    });
    const top = r.hypotheses[0];
    expect(r.hypotheses.map((h) => h.id)).toEqual(['kv_cache_saturation']);
    // match 0.55 + 0.3 (preemptions); strength 1 − e^(−28.5/5)
    expect(top.confidence).toBe(Math.round(0.85 * (1 - Math.exp(-28.5 / 5)) * 1000) / 1000);
    expect(top.confidence).toBe(0.847);
    expect(top.entity).toEqual({ model: 'llama', instance: 'vllm-3' });
    expect(top.firstDeviation).toBe(T0 + 5 * STEP);
    expect(top.evidence[0]).toBe('kv_cache_usage rose from 0.42 to 0.99 (28.5 IQR) at 10:05:00 UTC on model=llama instance=vllm-3');
    // Scores need two incident points (persistence 2): the second largest rise, 2 / 0.1, is the score.
    expect(top.evidence[1]).toBe('preemption_rate rose from 0 to 3 (20 IQR) at 10:06:00 UTC on model=llama instance=vllm-3');
    expect(top.rank).toBe(1);
    expect(top.evidence.some((e) => e.startsWith('ttft'))).toBe(false);
  });

  it('discounts KV saturation when a traffic surge on the same model explains it', () => {
    const r = analyzeRootCause({
      window,
      candidates: [
        mk('request_rate', inst(1), [10, 10, 10, 10, 10], [30, 31, 30], 0.5),
        mk('request_rate', inst(2), [10, 10, 10, 10, 10], [29, 30, 30], 0.5),
        mk('requests_waiting', inst(1), [0, 0, 0, 0, 0], [5, 8, 9], 1),
        mk('kv_cache_usage', inst(1), [0.5, 0.5, 0.5, 0.5, 0.5], [0.9, 0.95, 0.95], 0.01),
        // vLLM exports preemptions (here none): the missing evidence counts.
        flat('preemption_rate', inst(1), 0, 0.1),
      ],
    });
    expect(r.hypotheses.map((h) => h.id)).toEqual(['traffic_surge', 'kv_cache_saturation']);
    expect(r.hypotheses[0].entity).toEqual({ model: 'llama' });
    // kv: match 0.55 + 0.1 (waiting), strength ≈ 1, × 0.6 downstream discount
    expect(r.hypotheses[1].confidence).toBeCloseTo(0.65 * 0.6, 3);
  });

  it('places an XID error on the GPU and explains the idle GPU it causes', () => {
    const gpu = { hostname: 'node-2', gpu: '1', gpu_model: 'NVIDIA H100 80GB HBM3' };
    const r = analyzeRootCause({
      window,
      candidates: [
        mk('gpu_xid_errors', gpu, [0, 0, 0, 0, 0], [79, 79, 79], 1),
        mk('gpu_utilization', gpu, [0.7, 0.72, 0.71, 0.69, 0.7], [0, 0, 0], 0.01),
        flat('gpu_utilization', { hostname: 'node-1', gpu: '0' }, 0.7, 0.01),
      ],
    });
    expect(r.hypotheses[0].id).toBe('xid_error');
    expect(r.hypotheses[0].entity).toEqual(gpu);
    expect(r.hypotheses[0].evidence).toContain('XID 79 (GPU has fallen off the bus) reported at 10:05:00 UTC');
    const idle = r.hypotheses.find((h) => h.id === 'gpu_underutilization')!;
    expect(idle.rank).toBe(2);
    expect(idle.confidence).toBeLessThan(r.hypotheses[0].confidence * 0.7);
  });

  it('finds thermal throttling from temperature plus a clock drop', () => {
    const g = { hostname: 'h', gpu: '0' };
    const r = analyzeRootCause({
      window,
      candidates: [mk('gpu_temperature', g, [65, 66, 65, 64, 65], [85, 90, 91], 1), mk('gpu_sm_clock', g, [1980e6, 1980e6, 1980e6, 1980e6, 1980e6], [1500e6, 1200e6, 1200e6], 1e7)],
    });
    expect(r.hypotheses[0].id).toBe('thermal_throttling');
    // Second largest temperature rise (90 − 65) / IQR floor 1 = 25 (persistence 2).
    expect(r.hypotheses[0].confidence).toBe(Math.round(0.85 * (1 - Math.exp(-25 / 5)) * 1000) / 1000);
  });

  it('reports a bad deploy from version series', () => {
    const v = (version: string, values: Array<number | null>): SignalSeries => ({ signal: 'error_ratio', labels: { model: 'llama', version }, times: values.map((_, i) => T0 + i * STEP), values });
    const r = analyzeRootCause({
      window,
      candidates: [],
      errorRatioByVersion: [v('1.0', [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]), v('1.1', [null, null, null, null, 0.2, 0.2, 0.2, 0.2])],
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'bad_deploy', entity: { model: 'llama', version: '1.1' }, firstDeviation: T0 + 4 * STEP });
    expect(r.hypotheses[0].evidence[0]).toBe('version 1.1 appeared at 10:04:00 UTC with error ratio 0.2 vs 0.01 on 1.0');
  });

  it('detects a rollout that shows up as a new model name on the same instance', () => {
    const v = (model: string, values: Array<number | null>, instance = 'vllm-1:8000'): SignalSeries => ({ signal: 'error_ratio', labels: { model, instance }, times: values.map((_, i) => T0 + i * STEP), values });
    const r = analyzeRootCause({
      window,
      versionLabel: 'model',
      candidates: [],
      errorRatioByVersion: [
        v('llama', [0.01, 0.01, 0.01, 0.01, 0.01, null, null, null]),
        v('llama-rc2', [null, null, null, null, null, 0.21, 0.2, 0.19]),
        v('llama', [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01], 'vllm-2:8000'),
      ],
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'bad_deploy', entity: { model: 'llama-rc2', instance: 'vllm-1:8000' } });
    expect(r.deploys[0].oldErrorRatio).toBe(0.01);
  });

  it('falls back to a metric-only slow-span match when only latency moved', () => {
    const lat = mk('ttft', inst(2), [0.3, 0.31, 0.3, 0.29, 0.3], [1.9, 2, 1.95], 0.01);
    const r = analyzeRootCause({
      window,
      targetSignal: 'ttft',
      target: [lat],
      candidates: [flat('requests_waiting', inst(2), 0, 1), flat('gpu_utilization', { hostname: 'h', gpu: '0' }, 0.6, 0.01)],
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'slow_dependency_span', entity: { model: 'llama', instance: 'vllm-2' } });
    // match 0.5 × strength(170 IQR) ≈ 0.5
    expect(r.hypotheses[0].confidence).toBe(0.5);
    // …but not when the queue moved too
    const busy = analyzeRootCause({ window, targetSignal: 'ttft', target: [lat], candidates: [mk('requests_waiting', inst(2), [0, 0, 0, 0, 0], [9, 9, 9], 1)] });
    expect(busy.hypotheses.map((h) => h.id)).not.toContain('slow_dependency_span');
  });

  it('names the instance, not the model asked about, when the model’s latency rose because its instance’s did', () => {
    const model = mk('ttft', { model: 'llama' }, [0.3, 0.31, 0.3, 0.29, 0.3], [1.9, 2, 1.95], 0.01);
    const one = mk('ttft', inst(2), [0.3, 0.31, 0.3, 0.29, 0.3], [1.88, 2, 1.94], 0.01);
    const r = analyzeRootCause({ window, targetSignal: 'ttft', target: [model], candidates: [one, flat('requests_waiting', inst(2), 0, 1)] });
    expect(r.hypotheses[0]).toMatchObject({ id: 'slow_dependency_span', entity: { model: 'llama', instance: 'vllm-2' } });
    // An instance that moved far less than the model is not what moved it: the model stays the finding.
    const small = mk('ttft', inst(3), [0.3, 0.31, 0.3, 0.29, 0.3], [0.5, 0.52, 0.51], 0.01);
    const r2 = analyzeRootCause({ window, targetSignal: 'ttft', target: [model], candidates: [small] });
    expect(r2.hypotheses[0]).toMatchObject({ id: 'slow_dependency_span', entity: { model: 'llama' } });
    expect(r2.hypotheses[0].entity.instance).toBeUndefined();
  });

  it('discounts causes unrelated to the moved target series', () => {
    const r = analyzeRootCause({
      window,
      target: [mk('ttft', inst(1), [1, 1, 1, 1, 1], [5, 5, 5], 0.01)],
      targetSignal: 'ttft',
      candidates: [mk('kv_cache_usage', inst(3), [0.4, 0.41, 0.42, 0.43, 0.44], [0.9, 0.99, 0.99], 0.01), flat('preemption_rate', inst(3), 0, 0.1)],
    });
    // (the latency on vllm-1 with nothing moving there also gives a metric-only slow-span match)
    expect(r.hypotheses.map((h) => h.id)).toEqual(['slow_dependency_span', 'kv_cache_saturation']);
    expect(r.hypotheses[1].confidence).toBe(Math.round(0.55 * (1 - Math.exp(-28.5 / 5)) * 0.8 * 1000) / 1000);
  });

  it('uses span self-time for a slow dependency and links the trace', () => {
    const r = analyzeRootCause({
      window,
      candidates: [mk('e2e_latency', { model: 'llama' }, [2, 2, 2, 2, 2], [5, 6, 6], 0.05)],
      targetSignal: 'ttft',
      selfTime: [{ service: 'rag', operation: 'vector_search', baselineCount: 50, incidentCount: 40, baselineMeanMs: 20, incidentMeanMs: 400, growth: 20, excessMs: 15200, exampleTraceId: 'abc123' }],
    });
    expect(r.hypotheses[0]).toMatchObject({ id: 'slow_dependency_span', traceId: 'abc123', entity: { service: 'rag', operation: 'vector_search' } });
    expect(r.hypotheses[0].evidence[0]).toBe('rag / vector_search self-time grew from 20 ms to 400 ms (×20, 40 spans)');
  });

  it('falls back to "unknown" with the top moved signals, never the symptom itself', () => {
    const r = analyzeRootCause({
      window,
      targetSignal: 'http_error_rate',
      target: [mk('http_error_rate', inst(1), [1, 1, 1, 1, 1], [90, 90, 90], 0.01)],
      candidates: [mk('prefix_cache_hit_ratio', inst(1), [0.8, 0.8, 0.8, 0.8, 0.8], [0.2, 0.1, 0.1], 0.01), flat('request_rate', inst(1), 10)],
    });
    expect(r.hypotheses).toHaveLength(1);
    expect(r.hypotheses[0].id).toBe('unknown');
    expect(r.hypotheses[0].evidence).toEqual(['prefix_cache_hit_ratio fell from 0.8 to 0.1 (70 IQR) at 10:05:00 UTC on model=llama instance=vllm-1']);
    expect(r.hypotheses[0].confidence).toBe(0.3);
  });

  it('says so when nothing moved', () => {
    const r = analyzeRootCause({ window, candidates: [flat('request_rate', inst(1), 10)] });
    expect(r.hypotheses[0]).toMatchObject({ id: 'unknown', confidence: 0, firstDeviation: null });
  });

  it('rejects an inverted window', () => {
    expect(() => analyzeRootCause({ window: { start: 10, end: 5 }, candidates: [] })).toThrow(/before its start/);
  });
});

describe('analyzeRootCause: an error symptom is explained by errors', () => {
  // The target (error ratio) stayed flat; a latency series elsewhere rose for the whole window.
  const input = (targetSignal: string) => ({
    window,
    targetSignal,
    target: [flat(targetSignal, inst(1), targetSignal === 'availability' ? 1 : 0.001, 0.001)],
    candidates: [mk('e2e_latency_seconds', inst(2), [1, 1.1, 1, 1.05, 1], [4, 4.2, 4.1], 0.05)],
  });

  it('answers "no cause" when no error or availability series moved anywhere', () => {
    expect(analyzeRootCause(input('error_ratio')).noCause).toBe(true);
    expect(analyzeRootCause(input('availability')).noCause).toBe(true);
  });
  it('a latency symptom is still explained by the latency move', () => {
    const r = analyzeRootCause(input('ttft'));
    expect(r.noCause).toBe(false);
    expect(r.movements[0].labels).toEqual(inst(2));
  });
  it('an error move anywhere keeps the analysis going', () => {
    const withErrors = { ...input('error_ratio') };
    withErrors.candidates = [...withErrors.candidates, mk('error_ratio', inst(2), [0, 0, 0, 0, 0], [0.2, 0.3, 0.3], 0.001)];
    expect(analyzeRootCause(withErrors).noCause).toBe(false);
  });
});

describe('analyzeRootCause: a long-context burst on an engine without a preemption counter', () => {
  // SGLang before 0.5.7 exports no preemption counter. At night a burst of prompts 10× longer arrives
  // faster than the server can serve: the cache fills, the queue grows, the GPU gets busy.
  const sglang = { model: 'qwen', instance: 'sglang-0' };
  const gpu = { instance: 'sglang-0', hostname: 'gpu-node-l4-1', gpu: '0' };
  const candidates = [
    mk('kv_cache_usage', sglang, [0.05, 0.049, 0.05, 0.051, 0.05], [0.99, 0.995, 0.995], 0.01),
    mk('requests_waiting', sglang, [0, 0, 0, 0, 0], [120, 160, 165], 1),
    mk('request_rate', sglang, [0.6, 0.62, 0.6, 0.58, 0.6], [3.4, 3.5, 3.45], 0.05),
    mk('input_tokens_rate', sglang, [370, 375, 372, 369, 371], [21000, 22000, 21800], 5),
    mk('gpu_utilization', gpu, [0.62, 0.64, 0.63, 0.62, 0.63], [0.97, 0.98, 0.98], 0.01),
    mk('itl', sglang, [0.052, 0.052, 0.053, 0.052, 0.052], [0.09, 0.1, 0.1], 0.001),
  ];

  it('names the cache filled by longer prompts, not the busy GPU or the request count', () => {
    const r = analyzeRootCause({ window, targetSignal: 'ttft', candidates });
    expect(r.hypotheses[0].id).toBe('kv_cache_saturation');
    expect(r.hypotheses.map((h) => h.id)).toEqual(expect.arrayContaining(['gpu_overload', 'traffic_surge']));
  });
  it('with a preemption counter that stayed flat, the same evidence is weaker', () => {
    const without = analyzeRootCause({ window, targetSignal: 'ttft', candidates }).hypotheses.find((h) => h.id === 'kv_cache_saturation')!;
    const flatPreempt = analyzeRootCause({ window, targetSignal: 'ttft', candidates: [...candidates, flat('preemption_rate', sglang, 0, 0.1)] }).hypotheses.find(
      (h) => h.id === 'kv_cache_saturation'
    )!;
    expect(flatPreempt.confidence).toBeLessThan(without.confidence);
  });
});

describe('analyzeRootCause: a surge on every model, seen from one model whose GPU was already saturated', () => {
  // Candidates are narrowed to the incident's model (one SGLang instance on a busy L4); the fleet
  // context is one request-rate series per model.
  const sglang = { model: 'qwen', instance: 'sglang-0' };
  const gpu = { instance: 'sglang-0', pod: 'sglang-0', hostname: 'gpu-node-l4-1', gpu: '0' };
  const own = [
    mk('request_rate', sglang, [1.9, 1.88, 1.9, 1.87, 1.88], [4.7, 4.75, 4.73], 0.05),
    mk('queue_time', sglang, [0.09, 0.1, 0.095, 0.1, 0.095], [0.6, 0.62, 0.62], 0.02),
    mk('gpu_utilization', gpu, [0.97, 0.98, 0.98, 0.97, 0.98], [0.98, 0.98, 0.98], 0.01),
    mk('itl', sglang, [0.05, 0.05, 0.051, 0.05, 0.05], [0.07, 0.071, 0.07], 0.002),
  ];
  const fleetTraffic = (model: string, before: number, after: number) => mk('fleet_model_request_rate', { model }, [before, before, before, before, before], [after, after, after], 0.05);

  it('names the surge when other models surged at the same time', () => {
    const r = analyzeRootCause({
      window,
      targetSignal: 'ttft',
      candidates: [...own, fleetTraffic('qwen', 1.88, 4.73), fleetTraffic('llama', 12, 30), fleetTraffic('mistral', 7, 18)],
    });
    expect(r.hypotheses[0].id).toBe('traffic_surge');
    expect(r.hypotheses[0].evidence.join(' ')).toContain('on 3 models at once (fleet-wide)');
  });
  it('names the saturated GPU when the rest of the fleet kept its traffic', () => {
    const r = analyzeRootCause({
      window,
      targetSignal: 'ttft',
      candidates: [...own, fleetTraffic('qwen', 1.88, 4.73), fleetTraffic('llama', 12, 12.2), fleetTraffic('mistral', 7, 6.9)],
    });
    expect(r.hypotheses[0].id).toBe('gpu_overload');
  });
});

describe('analyzeRootCause: an engine that hangs with its process up', () => {
  // vLLM's engine core waits on a collective that never returns: the API server still answers scrapes,
  // the gauges keep the values last published, counters go flat, the GPU spins at 100 %.
  const v = { model: 'llama', instance: 'vllm-0', pod: 'vllm-0' };
  const gpu = { instance: 'vllm-0', pod: 'vllm-0', hostname: 'h100-1', gpu: '0' };
  const base = [
    mk('output_tokens_rate', v, [900, 910, 905, 895, 900], [0, 0, 0], 5),
    mk('request_rate', v, [4, 4.1, 4, 3.9, 4], [0, 0, 0], 0.05),
    mk('up', { instance: 'vllm-0', pod: 'vllm-0' }, [1, 1, 1, 1, 1], [1, 1, 1], 0.1),
  ];
  const running = (incident: number[]) => mk('requests_running', v, [14, 15, 14, 13, 14], incident, 1);

  it('names the hang when requests stay "running" while nothing is produced and the target stays up', () => {
    const r = analyzeRootCause({
      window,
      candidates: [...base, running([15, 15, 15]), mk('gpu_utilization', gpu, [0.7, 0.72, 0.71, 0.7, 0.7], [1, 1, 1], 0.01)],
    });
    expect(r.hypotheses[0].id).toBe('engine_stall');
    expect(r.hypotheses[0].entity).toEqual({ model: 'llama', instance: 'vllm-0', pod: 'vllm-0' });
    expect(r.hypotheses[0].evidence.join(' ')).toContain('15 requests running');
    expect(r.hypotheses[0].evidence.join(' ')).toContain('its GPU stayed busy (1)');
  });
  it('does not call traffic routed away a hang (the batch empties)', () => {
    const r = analyzeRootCause({
      window,
      candidates: [...base, running([0, 0, 0]), mk('gpu_utilization', gpu, [0.7, 0.72, 0.71, 0.7, 0.7], [0.02, 0.02, 0.02], 0.01)],
    });
    expect(r.hypotheses.map((h) => h.id)).not.toContain('engine_stall');
  });
  it('does not call a target that went down a hang', () => {
    const r = analyzeRootCause({
      window,
      candidates: [...base.slice(0, 2), mk('up', { instance: 'vllm-0', pod: 'vllm-0' }, [1, 1, 1, 1, 1], [0, 0, 0], 0.1), running([15, 15, 15])],
    });
    expect(r.hypotheses.map((h) => h.id)).not.toContain('engine_stall');
  });
});
