// Energy and carbon. DCGM's DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION is a counter in millijoules since
// boot; DCGM_FI_DEV_POWER_USAGE is watts. Watts × milliseconds = millijoules, so both paths end in mJ,
// and 1 kWh = 3.6e9 mJ.

export const MJ_PER_KWH = 3.6e9;

/**
 * Default grid carbon intensity, g CO2e per kWh: a round world-average figure (roughly the global
 * mean of recent years). Set `gridCarbonIntensity` to your region's or supplier's value.
 */
export const DEFAULT_GRID_CARBON_INTENSITY = 400;

/** Increase of a counter over its samples, counting a drop as a reset (Prometheus' `increase` rule). */
export function counterIncrease(values: ArrayLike<number | null>): number {
  let total = 0;
  let prev: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    if (prev !== null) total += v >= prev ? v - prev : v;
    prev = v;
  }
  return total;
}

/** ∫ power dt by the trapezoid rule over consecutive present samples, in mJ (W × ms). */
export function integratePowerMj(times: ArrayLike<number>, watts: ArrayLike<number | null>, maxGapMs = Infinity): number {
  let total = 0;
  for (let i = 1; i < times.length; i++) {
    const a = watts[i - 1];
    const b = watts[i];
    const dt = times[i] - times[i - 1];
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || dt <= 0 || dt > maxGapMs) continue;
    total += ((a + b) / 2) * dt;
  }
  return total;
}

export const mjToKwh = (mj: number): number => mj / MJ_PER_KWH;

/** kWh per 1M tokens; null when there were no tokens. */
export function kwhPerMillionTokens(kwh: number, tokens: number): number | null {
  return tokens > 0 ? (kwh / tokens) * 1e6 : null;
}

/** kg CO2e for an energy amount at a grid intensity in g CO2e/kWh. */
export function carbonKg(kwh: number, gramsPerKwh: number = DEFAULT_GRID_CARBON_INTENSITY): number {
  return (kwh * gramsPerKwh) / 1000;
}

export interface GpuEnergyInput {
  times: ArrayLike<number>;
  /** Energy counter samples, mJ (preferred when present). */
  energyMj?: ArrayLike<number | null>;
  /** Power samples, W (fallback). */
  powerW?: ArrayLike<number | null>;
}

export interface GpuEnergy {
  kwh: number;
  method: 'energy_counter' | 'power_integral' | 'none';
}

/** Energy of one GPU over its samples: the counter when it has at least two samples, else ∫ power. */
export function gpuEnergy(input: GpuEnergyInput, maxGapMs?: number): GpuEnergy {
  if (input.energyMj) {
    let n = 0;
    for (let i = 0; i < input.energyMj.length; i++) if (input.energyMj[i] !== null && Number.isFinite(input.energyMj[i])) n++;
    if (n >= 2) return { kwh: mjToKwh(counterIncrease(input.energyMj)), method: 'energy_counter' };
  }
  if (input.powerW) return { kwh: mjToKwh(integratePowerMj(input.times, input.powerW, maxGapMs)), method: 'power_integral' };
  return { kwh: 0, method: 'none' };
}
