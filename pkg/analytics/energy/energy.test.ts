import { describe, expect, it } from 'vitest';
import { carbonKg, counterIncrease, gpuEnergy, integratePowerMj, kwhPerMillionTokens, mjToKwh } from './energy';

describe('counterIncrease', () => {
  it('sums increases and treats a drop as a reset', () => {
    expect(counterIncrease([100, 150, 150, 400])).toBe(300);
    // reset after 400: the counter restarted at 0 and reached 50
    expect(counterIncrease([100, 400, 50, 80])).toBe(380);
    expect(counterIncrease([null, 10, null, 30])).toBe(20);
    expect(counterIncrease([5])).toBe(0);
  });
});

describe('integratePowerMj', () => {
  it('integrates watts over milliseconds by trapezoids', () => {
    // 300 W for 60 s, then a ramp 300→500 W over 60 s: 18,000,000 + 24,000,000 mJ
    expect(integratePowerMj([0, 60_000, 120_000], [300, 300, 500])).toBe(42_000_000);
  });
  it('skips intervals with missing samples or longer than maxGapMs', () => {
    expect(integratePowerMj([0, 1000, 2000, 3000], [100, null, 100, 100])).toBe(100_000);
    expect(integratePowerMj([0, 1000, 10_000], [100, 100, 100], 5000)).toBe(100_000);
  });
});

describe('units and per-token numbers', () => {
  it('converts mJ to kWh (1 kWh = 3.6e9 mJ)', () => {
    expect(mjToKwh(3.6e9)).toBe(1);
    expect(mjToKwh(1.8e9)).toBe(0.5);
  });
  it('computes kWh per 1M tokens and carbon', () => {
    expect(kwhPerMillionTokens(2, 4_000_000)).toBe(0.5);
    expect(kwhPerMillionTokens(2, 0)).toBeNull();
    expect(carbonKg(10)).toBe(4); // 400 g/kWh default
    expect(carbonKg(10, 50)).toBe(0.5);
  });
  it('prefers the energy counter and falls back to power', () => {
    const times = [0, 3_600_000];
    expect(gpuEnergy({ times, energyMj: [1e9, 1e9 + 3.6e9], powerW: [1, 1] })).toEqual({ kwh: 1, method: 'energy_counter' });
    expect(gpuEnergy({ times, energyMj: [null, 5], powerW: [500, 500] })).toEqual({ kwh: 0.5, method: 'power_integral' });
    expect(gpuEnergy({ times })).toEqual({ kwh: 0, method: 'none' });
  });
});
