import { describe, expect, it } from 'vitest';
import type { PrometheusClient } from '../upstream/prometheus';
import { DETECTION_LOOKBACK_MS, FleetDetector } from './detect';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);

/** A Prometheus that knows vLLM metrics only in January 2026 and records the ranges it was asked about. */
function fakePrometheus(asked: Array<{ startMs?: number; endMs?: number }>): PrometheusClient {
  const jan = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 31) };
  return {
    async metricNames(opts: { startMs?: number; endMs?: number }) {
      asked.push({ startMs: opts.startMs, endMs: opts.endMs });
      const overlaps = (opts.startMs ?? 0) <= jan.to && (opts.endMs ?? Infinity) >= jan.from;
      return overlaps ? ['vllm:num_requests_running'] : ['up'];
    },
    async labelNames() {
      return ['model_name', 'instance'];
    },
  } as unknown as PrometheusClient;
}

describe('engine detection over the query range', () => {
  it('detects recent ranges over the lookback, once per TTL', async () => {
    const asked: Array<{ startMs?: number; endMs?: number }> = [];
    const d = new FleetDetector(fakePrometheus(asked), 60_000, () => NOW);
    await d.get({ range: { from: NOW - 3600_000, to: NOW } });
    await d.get({ range: { from: NOW - 7200_000, to: NOW } });
    expect(asked).toEqual([{ startMs: NOW - DETECTION_LOOKBACK_MS, endMs: NOW }]);
  });

  it('detects a range older than the lookback over its own days, so last January still has its engines', async () => {
    const asked: Array<{ startMs?: number; endMs?: number }> = [];
    const d = new FleetDetector(fakePrometheus(asked), 60_000, () => NOW);
    const jan = { from: Date.UTC(2026, 0, 7, 10), to: Date.UTC(2026, 0, 7, 12) };
    const det = await d.get({ range: jan });
    expect(det.families.has('vllm')).toBe(true);
    expect(asked[0]!.endMs).toBe(Date.UTC(2026, 0, 8));
    expect((await d.get({ range: { ...jan, to: jan.to + 60_000 } })).families.has('vllm')).toBe(true);
    expect(asked).toHaveLength(1);
    // The recent detection is separate and sees no engine.
    expect((await d.get({ range: { from: NOW - DAY, to: NOW } })).families.has('vllm')).toBe(false);
  });

  it('detects a range after the plugin clock over its own days (a skewed clock)', async () => {
    const asked: Array<{ startMs?: number; endMs?: number }> = [];
    const d = new FleetDetector(fakePrometheus(asked), 60_000, () => Date.UTC(2025, 11, 1));
    const det = await d.get({ range: { from: Date.UTC(2026, 0, 7, 10), to: Date.UTC(2026, 0, 7, 12) } });
    expect(det.families.has('vllm')).toBe(true);
  });
});
