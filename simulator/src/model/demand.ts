// Arrival-rate shape: a daily curve (quiet at 03:00 UTC, busiest mid-afternoon), quieter weekends, and
// smooth wander so no two days look the same.
import { randNormal, smoothNoise } from '../util/random';

export function dailyFactor(tSec: number): number {
  const hour = (((tSec / 3600) % 24) + 24) % 24;
  const bump = 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 3)) / 24);
  return 0.28 + 0.72 * Math.pow(bump, 1.3);
}

export function weeklyFactor(tSec: number): number {
  // Day 0 of the epoch was a Thursday; (days + 4) % 7 gives 0 = Sunday … 6 = Saturday.
  const dow = (Math.floor(tSec / 86400) + 4) % 7;
  return dow === 0 || dow === 6 ? 0.55 : 1;
}

/** Arrival rate (req/s) of an instance whose weekday peak is `peakRps`, before faults. */
export function arrivalRate(peakRps: number, tSec: number, seed: number, key: number, step: number): number {
  const wander = 1 + 0.12 * smoothNoise(seed, key, tSec, 1800) + 0.06 * smoothNoise(seed, key + 7, tSec, 300);
  const jitter = 1 + 0.04 * randNormal(seed, key, step, 11);
  return Math.max(0, peakRps * dailyFactor(tSec) * weeklyFactor(tSec) * wander * jitter);
}
