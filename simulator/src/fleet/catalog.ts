// GPU types and model performance envelopes. Numbers are plausible orders of magnitude for the named
// hardware (TDP, memory, clocks from the vendors' data sheets), not benchmarks.
import type { GpuType, GpuTypeId, ModelPerf } from './types';

export const GPU_TYPES: Record<GpuTypeId, GpuType> = {
  H100: {
    id: 'H100',
    modelName: 'NVIDIA H100 80GB HBM3',
    memoryMiB: 81559,
    tdpWatts: 700,
    idleWatts: 72,
    smClockMaxMHz: 1980,
    memClockMHz: 2619,
    celsiusPerWatt: 0.068,
  },
  A100: {
    id: 'A100',
    modelName: 'NVIDIA A100-SXM4-80GB',
    memoryMiB: 81920,
    tdpWatts: 400,
    idleWatts: 55,
    smClockMaxMHz: 1410,
    memClockMHz: 1593,
    celsiusPerWatt: 0.115,
  },
  L4: {
    id: 'L4',
    modelName: 'NVIDIA L4',
    memoryMiB: 23034,
    tdpWatts: 72,
    idleWatts: 16,
    smClockMaxMHz: 2040,
    memClockMHz: 6251,
    celsiusPerWatt: 0.62,
  },
};

/** Model envelopes keyed by served model name (as it appears in `model_name`). */
export const MODEL_PERF: Record<string, ModelPerf> = {
  'llama-3.1-70b-instruct': {
    itlBase: 0.026,
    prefillTokPerSec: 9000,
    kvCapacityTokens: 260_000,
    maxSeqs: 256,
    meanInputTokens: 950,
    meanOutputTokens: 260,
    prefixHitRatio: 0.42,
    peakRps: 6,
  },
  'qwen2.5-32b-instruct': {
    itlBase: 0.021,
    prefillTokPerSec: 12000,
    kvCapacityTokens: 200_000,
    maxSeqs: 256,
    meanInputTokens: 700,
    meanOutputTokens: 240,
    prefixHitRatio: 0.35,
    peakRps: 7,
  },
  'llama-3.1-8b-instruct': {
    itlBase: 0.012,
    prefillTokPerSec: 24000,
    kvCapacityTokens: 150_000,
    maxSeqs: 256,
    meanInputTokens: 800,
    meanOutputTokens: 220,
    prefixHitRatio: 0.5,
    peakRps: 11,
  },
  'mistral-7b-instruct-v0.3': {
    itlBase: 0.013,
    prefillTokPerSec: 22000,
    kvCapacityTokens: 140_000,
    maxSeqs: 128,
    meanInputTokens: 600,
    meanOutputTokens: 200,
    prefixHitRatio: 0.3,
    peakRps: 8,
  },
  'mixtral-8x7b-instruct': {
    itlBase: 0.019,
    prefillTokPerSec: 14000,
    kvCapacityTokens: 220_000,
    maxSeqs: 256,
    meanInputTokens: 850,
    meanOutputTokens: 250,
    prefixHitRatio: 0.4,
    peakRps: 8,
  },
  'gemma-2-9b-it': {
    itlBase: 0.034,
    prefillTokPerSec: 4500,
    kvCapacityTokens: 48_000,
    maxSeqs: 64,
    meanInputTokens: 500,
    meanOutputTokens: 180,
    prefixHitRatio: 0.25,
    peakRps: 1.8,
  },
  'phi-3-mini-4k-instruct': {
    itlBase: 0.017,
    prefillTokPerSec: 9000,
    kvCapacityTokens: 40_000,
    maxSeqs: 64,
    meanInputTokens: 400,
    meanOutputTokens: 150,
    prefixHitRatio: 0.2,
    peakRps: 3,
  },
  'qwen2.5-7b-instruct': {
    itlBase: 0.029,
    prefillTokPerSec: 5500,
    kvCapacityTokens: 52_000,
    maxSeqs: 64,
    meanInputTokens: 550,
    meanOutputTokens: 200,
    prefixHitRatio: 0.3,
    peakRps: 2,
  },
};

export function modelPerf(model: string): ModelPerf {
  const p = MODEL_PERF[model];
  if (!p) throw new Error(`unknown model "${model}" (known: ${Object.keys(MODEL_PERF).join(', ')})`);
  return { ...p };
}
