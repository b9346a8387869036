// Instant cost (stat panels, alert rules) through the built executable against a real Prometheus holding
// the simulator's small fleet: one numeric-multi frame per served model whose cost per 1M tokens is the
// by_model table's number for the same range, each naming its metrics and prices; a bad metric fails
// only its own query, with a 400 that says what to choose instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillResult } from '../../simulator/src';
import type { PluginHandle, QueryJsonFrame, QueryJsonResult } from '../host';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';

const STEP_MS = 60_000;

let env: SimulatedBackend;
let plugin: PluginHandle;
let bf: BackfillResult;
let settings: SimulatedBackend['settings'];

beforeAll(async () => {
  env = await startSimulatedBackend({ duration: '2h', seed: 21 });
  ({ plugin, settings, backfill: bf } = env);
}, 300_000);

afterAll(() => env?.stop());

const column = (f: QueryJsonFrame, name: string) => f.data.values[f.schema.fields.findIndex((x) => x.name === name)]!;

describe('instant cost query (built executable, real Prometheus, simulator fleet)', () => {
  let results: Record<string, QueryJsonResult>;
  beforeAll(async () => {
    const from = bf.groundTruth.endMs - 100 * 60_000;
    const to = bf.groundTruth.endMs - 10 * 60_000;
    const q = (refId: string, model: Record<string, unknown>) => ({
      refId,
      queryType: 'cost',
      model,
      from,
      to,
      intervalMs: STEP_MS,
      maxDataPoints: 1000,
    });
    const json = await plugin.queryJson(
      [
        q('TABLE', { view: 'by_model' }),
        q('INSTANT', { view: 'by_model', instant: true, metric: 'cost_per_million_tokens' }),
        q('BADMETRIC', { view: 'by_model', instant: true, metric: 'cost_per_token' }),
        q('WRONGVIEW', { view: 'by_model', instant: true, metric: 'idle_cost_per_hour' }),
        q('IDLE', { view: 'by_gpu_model', instant: true, metric: 'idle_cost_per_hour' }),
      ],
      { settings }
    );
    results = json.results;
  }, 120_000);

  it('returns one numeric frame per simulated model, equal to the by_model table', () => {
    const table = results.TABLE!;
    expect(table.error).toBeUndefined();
    const rows = table.frames![0]!;
    const tableValue = new Map(
      column(rows, 'model').map((m, i) => [m as string, column(rows, 'cost_per_1m_tokens')[i] as number | null])
    );

    const instant = results.INSTANT!;
    expect(instant.error).toBeUndefined();
    expect(instant.status).toBe(200);
    const frames = instant.frames!;
    console.log(
      `instant cost per 1M tokens: ${frames.map((f) => `${f.schema.fields[0]!.labels?.model}=${Number(f.data.values[0]![0]).toFixed(4)}`).join(', ')}`
    );
    const simulatedModels = [...new Set(bf.groundTruth.instances.map((i) => i.model))].sort();
    expect(frames.map((f) => f.schema.fields[0]!.labels?.model).sort()).toEqual(simulatedModels);
    for (const f of frames) {
      // The shape Grafana alerting reads: numeric-multi, one number field, one row, labels naming the series.
      expect(f.schema.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(f.schema.fields).toHaveLength(1);
      const field = f.schema.fields[0]!;
      expect(field).toMatchObject({ name: 'cost_per_million_tokens', type: 'number' });
      expect(field.config).toMatchObject({ unit: 'currencyUSD' });
      expect(f.data.values[0]).toHaveLength(1);
      const model = field.labels!.model!;
      const value = f.data.values[0]![0] as number;
      const expected = tableValue.get(model);
      expect(value, model).toBeGreaterThan(0);
      expect(typeof expected, model).toBe('number');
      expect(Math.abs(value / expected! - 1), model).toBeLessThan(1e-9);
      const custom = f.schema.meta!.custom as { metric: string; unit: string; sources: string[] };
      expect(custom.metric).toBe('cost_per_million_tokens');
      expect(custom.unit).toBe('USD per 1M tokens (input + output)');
      expect(custom.sources.some((s) => s.startsWith('gpuHourlyPrices["H100"] = '))).toBe(true);
      expect(custom.sources.some((s) => s.startsWith('input_tokens_rate'))).toBe(true);
    }
  });

  it('gives idle GPU spend per hour per GPU model', () => {
    const idle = results.IDLE!;
    expect(idle.error).toBeUndefined();
    const byGpu = Object.fromEntries(
      idle.frames!.map((f) => [f.schema.fields[0]!.labels!.gpu_model!, f.data.values[0]![0] as number])
    );
    // The small fleet has H100, A100 and L4 hosts; every value is a finite spend ≥ 0 in USD/h.
    expect(Object.keys(byGpu)).toHaveLength(3);
    for (const v of Object.values(byGpu)) expect(v).toBeGreaterThanOrEqual(0);
    expect(idle.frames![0]!.schema.fields[0]!.config).toMatchObject({ unit: 'suffix: USD/h' });
  });

  it('fails a bad metric with a 400 that names the choices, without touching the other queries', () => {
    expect(results.BADMETRIC).toMatchObject({ status: 400 });
    expect(results.BADMETRIC!.error).toMatch(
      /^invalid cost query: metric: unknown metric "cost_per_token": expected one of "cost_per_million_tokens"/
    );
    expect(results.WRONGVIEW).toMatchObject({ status: 400 });
    expect(results.WRONGVIEW!.error).toContain(
      '"idle_cost_per_hour" is not computed for view "by_model" (only for "summary", "by_gpu_model")'
    );
    for (const ok of ['TABLE', 'INSTANT', 'IDLE']) {
      expect(results[ok]!.error, ok).toBeUndefined();
      expect(results[ok]!.frames!.length, ok).toBeGreaterThan(0);
    }
  });
});
