// Energy and carbon per 1M tokens from the cost query match a hand calculation from the simulator's
// own power and token series within 1 %. A one-instance vLLM fleet on two H100s is backfilled into a
// real Prometheus; the hand calculation replays the same simulation (same seed, steps and warm-up)
// and sums power × step and tokens straight from the model state, independent of Prometheus and of
// the cost code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelPerf } from '../../simulator/src/fleet/catalog';
import type { Fleet } from '../../simulator/src/fleet/types';
import { initialState, SCENARIO_END_MS, setup, step, writeBackfill } from '../../simulator/src/index';
import { startPlugin, type PluginHandle } from '../host';
import { createBlocksFromOpenMetrics, startPrometheus, type RunningService } from '../support/services';

const STEP_S = 15;
const HOURS = 2;
const SEED = 7;
const WARMUP = 40;
const MODEL = 'llama-3.1-8b-instruct';
const GRID = 400; // g CO2e/kWh, set explicitly

const fleet: Fleet = {
  name: 'energy',
  hosts: [{ name: 'gpu-node-h100-1', gpuType: 'H100', gpuCount: 2, hostnameLabel: 'Hostname', podLabelStyle: 'pod', cpuCount: 8, memoryBytes: 1024 ** 4, driverVersion: '550.90.07' }],
  instances: [{ name: 'vllm-llama-8b-0', flavour: 'vllm', model: MODEL, host: 'gpu-node-h100-1', gpus: [0, 1], namespace: 'llm-serving', perf: modelPerf(MODEL) }],
};

let prom: RunningService;
let plugin: PluginHandle;
let work: string;
let blocks: string;
let endMs: number;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'llmops-energy-'));
  endMs = Math.floor((SCENARIO_END_MS - 15 * 60_000) / (STEP_S * 1000)) * STEP_S * 1000;
  const file = path.join(work, 'energy.om');
  await writeBackfill({ out: file, fleet, seed: SEED, stepSeconds: STEP_S, duration: `${HOURS}h`, end: endMs, warmupSteps: WARMUP, sensitive: 0 });
  blocks = createBlocksFromOpenMetrics(file);
  prom = await startPrometheus({ tsdbDir: blocks, scrapeInterval: `${STEP_S}s` });
  plugin = await startPlugin({ clockStartMs: SCENARIO_END_MS });
}, 300_000);

afterAll(async () => {
  await plugin?.shutdown();
  await prom?.stop();
  rmSync(work, { recursive: true, force: true });
  if (blocks) rmSync(blocks, { recursive: true, force: true });
});

/** Σ power × step (kWh) and Σ tokens over the steps whose samples fall in (fromMs, toMs]. */
function handCalculation(fromMs: number, toMs: number) {
  const { ctx } = setup({ fleet, seed: SEED, stepSeconds: STEP_S }, endMs);
  const stepMs = STEP_S * 1000;
  const kEnd = Math.floor(endMs / stepMs);
  const kStart = kEnd - Math.floor((HOURS * 3_600_000) / stepMs);
  let s = initialState(ctx, kStart - WARMUP);
  for (let j = 0; j < WARMUP; j++) s = step(s, ctx);
  let wattSeconds = 0;
  let tokens = 0;
  while (s.k < kEnd) {
    s = step(s, ctx);
    const t = s.k * stepMs;
    if (t <= fromMs || t > toMs) continue;
    for (const g of s.gpus) wattSeconds += g.powerWatts * STEP_S;
    for (const i of s.instances) tokens += i.obs.inputTokens + i.obs.outputTokens;
  }
  return { kwh: wattSeconds / 3.6e6, tokens };
}

describe('energy and carbon per 1M tokens (built executable, real Prometheus)', () => {
  it('match the hand calculation within 1 %', async () => {
    const from = endMs - 90 * 60_000;
    const to = endMs - 10 * 60_000;
    const json = await plugin.queryJson(
      [{ refId: 'A', queryType: 'cost', model: { view: 'by_model' }, from, to, intervalMs: STEP_S * 1000, maxDataPoints: 2000 }],
      { settings: { url: prom.url, jsonData: { timeInterval: `${STEP_S}s`, gridCarbonIntensity: GRID, electricityPricePerKwh: 0.2 } } }
    );
    const res = json.results.A;
    expect(res.error).toBeUndefined();
    const frame = res.frames![0];
    const value = (name: string) => {
      const i = frame.schema.fields.findIndex((f) => f.name === name);
      return Number(frame.data.values[i][0]);
    };
    expect(frame.schema.name).toBe('cost_by_model');
    expect(frame.data.values[frame.schema.fields.findIndex((f) => f.name === 'model')]).toEqual([MODEL]);

    const hand = handCalculation(from, to);
    const handKwhPer1M = (hand.kwh / hand.tokens) * 1e6;
    const handCarbonPer1M = (handKwhPer1M * GRID) / 1000;
    const kwhPer1M = value('kwh_per_1m_tokens');
    const carbonPer1M = (value('carbon_kg') / (value('input_tokens') + value('output_tokens'))) * 1e6;
    console.log(`energy: ${kwhPer1M.toFixed(5)} kWh/1M tokens (hand ${handKwhPer1M.toFixed(5)}), carbon ${carbonPer1M.toFixed(5)} kg/1M (hand ${handCarbonPer1M.toFixed(5)}); energy ${value('energy_kwh').toFixed(4)} kWh vs ${hand.kwh.toFixed(4)}`);
    expect(Math.abs(value('energy_kwh') / hand.kwh - 1)).toBeLessThan(0.01);
    expect(Math.abs(kwhPer1M / handKwhPer1M - 1)).toBeLessThan(0.01);
    expect(Math.abs(carbonPer1M / handCarbonPer1M - 1)).toBeLessThan(0.01);
  });
});
