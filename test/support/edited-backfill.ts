// Simulator history with incidents the simulator has no fault kind for, written straight into a
// Prometheus TSDB block: the simulator's own samples, changed per step by edits that play what real
// fleets show (a process that died: its series stop and its GPUs idle; a memory leak that ends in a
// crash and restart; a rollout visible as a new image label and a new process; a latency histogram
// shifted by a factor), plus extra series (process_start_time_seconds, kube_pod_container_info).
import { hash32 } from '../../simulator/src/util/random';
import { BlockWriter } from '../../simulator/src/tsdb/block';
import { buildRegistry, initialState, setup, step, type Scenario } from '../../simulator/src';
import type { Fleet } from '../../simulator/src/fleet/types';

/** Edits one step in place: values and active flags by slot (series key index). */
export type StepEdit = (tMs: number, values: Float64Array, active: Uint8Array) => void;

export interface ExtraSeries {
  /** `name{label="value",…}` */
  key: string;
  /** Value at a time, or null for no sample. */
  value(tMs: number): number | null;
}

export interface EditedHistory {
  startMs: number;
  endMs: number;
  keys: string[];
}

export interface EditedBackfillOptions {
  dataDir: string;
  endMs: number;
  durationMs: number;
  scenario?: Scenario;
  /** The simulated fleet (default `small`). */
  fleet?: Fleet;
  seed?: number;
  /** Builds the step edits once the series keys are known. */
  edits?: (keys: string[]) => StepEdit[];
  extra?: ExtraSeries[];
}

const STEP_SECONDS = 15;

export function writeEditedBackfill(opts: EditedBackfillOptions): EditedHistory {
  const { ctx } = setup({ fleet: opts.fleet ?? 'small', seed: opts.seed ?? 7, scenario: opts.scenario ?? { name: 'healthy', faults: [] }, stepSeconds: STEP_SECONDS }, opts.endMs);
  const stepMs = STEP_SECONDS * 1000;
  const kEnd = Math.floor(opts.endMs / stepMs);
  const kStart = kEnd - Math.floor(opts.durationMs / stepMs);
  const reg = buildRegistry(ctx);
  const extra = opts.extra ?? [];
  const keys = [...reg.keys, ...extra.map((e) => e.key)];
  const edits = opts.edits?.(reg.keys) ?? [];
  const entropy = Uint8Array.from({ length: 10 }, (_, i) => hash32(opts.seed ?? 7, 4242, kStart, i) & 0xff);
  const block = new BlockWriter(opts.dataDir, keys, kStart * stepMs, entropy);
  let s = initialState(ctx, kStart - 40);
  for (let j = 0; j < 40; j++) s = step(s, ctx);
  while (s.k < kEnd) {
    s = step(s, ctx);
    reg.fill(s);
    const t = s.k * stepMs;
    for (const e of edits) e(t, reg.values, reg.active);
    for (let i = 0; i < reg.values.length; i++) if (reg.active[i]) block.append(i, t, reg.values[i]);
    extra.forEach((x, j) => {
      const v = x.value(t);
      if (v !== null) block.append(reg.keys.length + j, t, v);
    });
  }
  block.finish();
  return { startMs: (kStart + 1) * stepMs, endMs: kEnd * stepMs, keys };
}

/** Slots whose key names the pod (serving series and the GPUs it uses). */
export function slotsOf(keys: string[], pred: (key: string) => boolean): number[] {
  return keys.flatMap((k, i) => (pred(k) ? [i] : []));
}

const metricOf = (key: string) => key.slice(0, key.indexOf('{'));
const isGpu = (key: string) => key.includes('job="dcgm-exporter"');
const onPod = (pod: string) => (key: string) => key.includes(`pod="${pod}"`);

/** The serving process of `pod` is gone during [from, to): its series stop (no samples). */
export function processGone(keys: string[], pod: string, from: number, to = Infinity): StepEdit {
  const serving = slotsOf(keys, (k) => onPod(pod)(k) && !isGpu(k));
  return (t, _v, active) => {
    if (t >= from && t < to) for (const i of serving) active[i] = 0;
  };
}

/** The GPUs of `pod` idle as after the process died: 0 % busy, idle clocks, low power, memory freed. */
export function gpusIdle(keys: string[], pod: string, from: number, to = Infinity): StepEdit {
  const slots = slotsOf(keys, (k) => onPod(pod)(k) && isGpu(k));
  const used = slots.filter((i) => metricOf(keys[i]) === 'DCGM_FI_DEV_FB_USED');
  const freeOf = new Map(used.map((i) => [i, keys.indexOf(keys[i].replace('DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE'))]));
  const idle: Record<string, number> = {
    DCGM_FI_DEV_GPU_UTIL: 0,
    DCGM_FI_DEV_SM_CLOCK: 345,
    DCGM_FI_DEV_POWER_USAGE: 62,
    DCGM_FI_DEV_GPU_TEMP: 38,
    DCGM_FI_DEV_MEM_COPY_UTIL: 0,
    DCGM_FI_PROF_GR_ENGINE_ACTIVE: 0,
    DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: 0,
    DCGM_FI_PROF_DRAM_ACTIVE: 0,
  };
  return (t, v) => {
    if (t < from || t >= to) return;
    for (const i of slots) {
      const x = idle[metricOf(keys[i])];
      if (x !== undefined) v[i] = x;
    }
    for (const i of used) {
      const f = freeOf.get(i)!;
      const total = v[i] + v[f];
      v[i] = 0.005 * total;
      v[f] = total - v[i];
    }
  };
}

/** GPU memory of `pod` climbs linearly from its level to `peakRatio` of the framebuffer over [from, to). */
export function memoryLeak(keys: string[], pod: string, from: number, to: number, peakRatio: number): StepEdit {
  const used = slotsOf(keys, (k) => onPod(pod)(k) && metricOf(k) === 'DCGM_FI_DEV_FB_USED');
  const freeOf = new Map(used.map((i) => [i, keys.indexOf(keys[i].replace('DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE'))]));
  return (t, v) => {
    if (t < from || t >= to) return;
    const f = (t - from) / (to - from);
    for (const i of used) {
      const j = freeOf.get(i)!;
      const total = v[i] + v[j];
      v[i] = v[i] + f * Math.max(0, peakRatio * total - v[i]);
      v[j] = total - v[i];
    }
  };
}

/** Counters of `pod` restart from zero at `at` (a new process): every later value minus the value then. */
export function countersReset(keys: string[], pod: string, at: number): StepEdit {
  const slots = slotsOf(keys, (k) => onPod(pod)(k) && !isGpu(k) && /(_total|_count|_sum|_bucket)\{/.test(k));
  const base = new Float64Array(keys.length).fill(NaN);
  return (t, v) => {
    if (t < at) return;
    for (const i of slots) {
      if (Number.isNaN(base[i])) base[i] = v[i];
      v[i] = Math.max(0, v[i] - base[i]);
    }
  };
}

/**
 * Latency histograms (`metric` prefixes) of `pod` shifted by `factor` from `from`: each step's new
 * observations are redistributed as if every latency were `factor` times longer.
 */
export function latencyShift(keys: string[], pod: string, metrics: string[], factor: number, from: number): StepEdit {
  const groups = new Map<string, Array<{ slot: number; le: number }>>();
  keys.forEach((k, i) => {
    const name = metricOf(k);
    if (!onPod(pod)(k) || !metrics.some((m) => name === `${m}_bucket`)) return;
    const le = /le="([^"]+)"/.exec(k)?.[1];
    if (le === undefined) return;
    const group = k.replace(/,?le="[^"]+"/, '');
    groups.set(group, [...(groups.get(group) ?? []), { slot: i, le: le === '+Inf' ? Infinity : Number(le) }]);
  });
  for (const g of groups.values()) g.sort((a, b) => a.le - b.le);
  const prevOrig = new Float64Array(keys.length).fill(NaN);
  const out = new Float64Array(keys.length).fill(NaN);
  return (t, v) => {
    for (const g of groups.values()) {
      const inc = g.map((b) => (Number.isNaN(prevOrig[b.slot]) ? 0 : v[b.slot] - prevOrig[b.slot]));
      for (const b of g) prevOrig[b.slot] = v[b.slot];
      if (t < from) {
        for (const b of g) out[b.slot] = v[b.slot];
        continue;
      }
      // Cumulative increments at le/factor, interpolated linearly between the bucket bounds.
      const cdf = (x: number) => {
        let lo = 0;
        let loC = 0;
        for (let j = 0; j < g.length; j++) {
          if (x <= g[j].le) return g[j].le === Infinity ? inc[j] : loC + ((inc[j] - loC) * (x - lo)) / (g[j].le - lo);
          lo = g[j].le;
          loC = inc[j];
        }
        return inc[g.length - 1];
      };
      g.forEach((b) => {
        const add = b.le === Infinity ? inc[inc.length - 1] : Math.round(cdf(b.le / factor));
        out[b.slot] += add;
        v[b.slot] = out[b.slot];
      });
    }
  };
}

/**
 * A periodic job on the GPUs of `pod` (a checkpoint upload, an evaluation run every 40 minutes): for
 * `lengthMs` of every `periodMs` from `phaseMs`, each named DCGM gauge is raised by its amount. Normal
 * behaviour of that GPU, however new it looks inside a short range.
 */
export function periodicBurst(keys: string[], pod: string, raise: Record<string, number>, periodMs: number, lengthMs: number, phaseMs = 0): StepEdit {
  const slots = slotsOf(keys, (k) => onPod(pod)(k) && isGpu(k) && metricOf(k) in raise);
  return (t, v) => {
    if ((((t - phaseMs) % periodMs) + periodMs) % periodMs >= lengthMs) return;
    for (const i of slots) v[i] += raise[metricOf(keys[i])];
  };
}
