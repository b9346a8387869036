// Degradation level per model / instance: 0 normal, 1 light, 2 moderate, 3 heavy, 4 emergency.
// Each input is mapped to a level by ascending thresholds; the overall level is the worst input, and
// the result names the input that drove it (ties go to the input listed first: user-facing symptoms
// before resource signals).
import { DEGRADATION_LEVELS } from '../../model/degradation-levels';

export type DegradationLevel = 0 | 1 | 2 | 3 | 4;
export const LEVEL_NAMES = DEGRADATION_LEVELS.map((l) => l.name);

export interface DegradationInputs {
  /** Failed / all requests, 0–1. */
  errorRatio?: number | null;
  /** p95 TTFT and E2E latency, seconds (compared with the SLOs). */
  ttftP95?: number | null;
  e2eP95?: number | null;
  /** Mean waiting and running requests (queue pressure = waiting / max(running, 1)). */
  waiting?: number | null;
  running?: number | null;
  /** GPU utilisation %, GPU memory used 0–1, KV-cache usage 0–1, preemptions per second. */
  gpuUtilization?: number | null;
  gpuMemoryUsedRatio?: number | null;
  kvCacheUsage?: number | null;
  preemptionRate?: number | null;
}

export type DegradationInput = keyof Omit<DegradationInputs, 'running'> | 'ttftSloRatio' | 'e2eSloRatio' | 'queuePressure';

/** Thresholds for levels 1..4 (ascending); null = this input never reaches that level. */
export type LevelThresholds = [number | null, number | null, number | null, number | null];

export interface DegradationThresholds {
  ttftSloSeconds: number;
  e2eSloSeconds: number;
  errorRatio: LevelThresholds;
  /** Latency / SLO. */
  ttftSloRatio: LevelThresholds;
  e2eSloRatio: LevelThresholds;
  /** waiting / max(running, 1). */
  queuePressure: LevelThresholds;
  kvCacheUsage: LevelThresholds;
  preemptionRate: LevelThresholds;
  gpuMemoryUsedRatio: LevelThresholds;
  gpuUtilization: LevelThresholds;
}

/**
 * Documented defaults. Errors and latency (what users feel) reach every level; resource pressure
 * alone stops at moderate/heavy because a busy GPU is not yet a degraded service. vLLM preallocates
 * ~90 % of GPU memory, so memory only counts from 97 %. The error ratio is read over a short rate
 * window, where client aborts and timeouts of a healthy service reach 1–2 % (one failed request in a
 * quiet minute), so "light" starts at 3 %.
 */
export const DEFAULT_DEGRADATION_THRESHOLDS: DegradationThresholds = {
  ttftSloSeconds: 2,
  e2eSloSeconds: 30,
  errorRatio: [0.03, 0.05, 0.1, 0.2],
  ttftSloRatio: [1, 1.5, 3, 10],
  e2eSloRatio: [1, 1.5, 3, 10],
  queuePressure: [0.5, 1, 3, 10],
  kvCacheUsage: [0.9, 0.95, 0.99, null],
  preemptionRate: [0.01, 0.1, 1, null],
  gpuMemoryUsedRatio: [0.97, 0.99, null, null],
  gpuUtilization: [95, 99, null, null],
};

export interface DegradationResult {
  level: DegradationLevel;
  name: (typeof LEVEL_NAMES)[number];
  /** The input that set the level (null when normal). */
  drivenBy: DegradationInput | null;
  /** Its value and the threshold it crossed. */
  value: number | null;
  threshold: number | null;
  /** Level per input that had data. */
  inputs: Partial<Record<DegradationInput, { value: number; level: DegradationLevel }>>;
}

export function levelFor(value: number, thresholds: LevelThresholds): DegradationLevel {
  let level: DegradationLevel = 0;
  thresholds.forEach((t, i) => {
    if (t !== null && value >= t) level = (i + 1) as DegradationLevel;
  });
  return level;
}

const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Overrides merged over the defaults (e.g. from datasource settings `degradationThresholds`). */
export function mergeThresholds(overrides: Partial<DegradationThresholds> = {}): DegradationThresholds {
  return { ...DEFAULT_DEGRADATION_THRESHOLDS, ...overrides };
}

export function degradationLevel(inputs: DegradationInputs, thresholds: DegradationThresholds = DEFAULT_DEGRADATION_THRESHOLDS): DegradationResult {
  const values: Array<[DegradationInput, number | null | undefined, LevelThresholds]> = [
    ['errorRatio', inputs.errorRatio, thresholds.errorRatio],
    ['ttftSloRatio', present(inputs.ttftP95) ? inputs.ttftP95 / thresholds.ttftSloSeconds : null, thresholds.ttftSloRatio],
    ['e2eSloRatio', present(inputs.e2eP95) ? inputs.e2eP95 / thresholds.e2eSloSeconds : null, thresholds.e2eSloRatio],
    ['queuePressure', present(inputs.waiting) ? inputs.waiting / Math.max(inputs.running ?? 0, 1) : null, thresholds.queuePressure],
    ['kvCacheUsage', inputs.kvCacheUsage, thresholds.kvCacheUsage],
    ['preemptionRate', inputs.preemptionRate, thresholds.preemptionRate],
    ['gpuMemoryUsedRatio', inputs.gpuMemoryUsedRatio, thresholds.gpuMemoryUsedRatio],
    ['gpuUtilization', inputs.gpuUtilization, thresholds.gpuUtilization],
  ];
  const result: DegradationResult = { level: 0, name: 'normal', drivenBy: null, value: null, threshold: null, inputs: {} };
  for (const [name, value, t] of values) {
    if (!present(value)) continue;
    const level = levelFor(value, t);
    result.inputs[name] = { value, level };
    if (level > result.level) {
      result.level = level;
      result.name = LEVEL_NAMES[level];
      result.drivenBy = name;
      result.value = value;
      result.threshold = t[level - 1];
    }
  }
  return result;
}
