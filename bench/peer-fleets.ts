// Synthetic peer groups for the peer-outlier bench: replicas of one model (p95 latency) and the GPUs of one
// host (temperature), one day at 15 s. Healthy peers share a diurnal load curve and differ the way real ones
// do: a steady bias per replica (load-balancer skew, a slower card, a hotter slot), noise that is larger at
// night when few requests make up a p95, time-correlated noise, one-scrape glitches, a restart gap, and
// DCGM's whole-degree temperatures. A planted fault departs one series from its peers for a while.

export const STEP_MS = 15_000;
export const DAY_POINTS = 86_400_000 / STEP_MS;

export interface PeerGroup {
  name: string;
  series: Float64Array[];
  /** The departing series and its points [from, to), when a fault is planted. */
  planted?: { series: number; from: number; to: number };
}

export interface Plant {
  series: number;
  from: number;
  to: number;
  /** Latency: multiply by this; temperature: add this many °C. */
  effect: number;
}

function rng(seed: number): { u: () => number; normal: () => number } {
  let s = seed % 2147483647 || 1;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const normal = () => {
    const a = u() || 1e-12;
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
  return { u, normal };
}

/** Shared load in [0.1, 1]: low at night, a broad daytime peak (phase varies by seed). */
function load(t: number, points: number, phase: number): number {
  const x = (2 * Math.PI * t) / points + phase;
  return 0.55 + 0.3 * Math.sin(x) + 0.15 * Math.sin(2 * x + 1);
}

/** p95 latency (s) of `replicas` replicas of one model. */
export function latencyGroup(replicas: number, points: number, seed: number, plant?: Plant): PeerGroup {
  const { u, normal } = rng(seed);
  const phase = u() * 2 * Math.PI;
  const base = 0.2 + 0.3 * u();
  const series: Float64Array[] = [];
  for (let i = 0; i < replicas; i++) {
    const bias = 1 + 0.05 * normal();
    const skew = 1 + 0.04 * normal();
    const row = new Float64Array(points);
    let ar = 0;
    // A restart on one replica in three: 20 points without data.
    const gapAt = u() < 1 / 3 ? Math.floor(u() * (points - 40)) : -1;
    for (let t = 0; t < points; t++) {
      const l = Math.min(1, load(t, points, phase) * skew);
      const relSd = 0.04 + 0.1 * (1 - l);
      ar = 0.7 * ar + Math.sqrt(1 - 0.49) * normal();
      let v = base * bias * (1 + 1.5 * l * l * l) * Math.max(0.3, 1 + relSd * ar);
      if (u() < 0.002) v *= 2; // one slow request dominating a p95 at one scrape
      if (plant && plant.series === i && t >= plant.from && t < plant.to) v *= plant.effect;
      row[t] = gapAt >= 0 && t >= gapAt && t < gapAt + 20 ? Number.NaN : v;
    }
    series.push(row);
  }
  return { name: `latency ${replicas} replicas`, series, planted: plant && { series: plant.series, from: plant.from, to: plant.to } };
}

/** Temperature (°C, whole degrees as DCGM reports) of the `gpus` GPUs of one host serving one model. */
export function temperatureGroup(gpus: number, points: number, seed: number, plant?: Plant): PeerGroup {
  const { u, normal } = rng(seed);
  const phase = u() * 2 * Math.PI;
  const ambient = 24 + 6 * u();
  const series: Float64Array[] = [];
  for (let g = 0; g < gpus; g++) {
    // Middle slots run hotter; each card has its own offset too.
    const slot = 3 * Math.sin((Math.PI * (g + 0.5)) / gpus) + 1.5 * normal();
    const row = new Float64Array(points);
    let lagged = load(0, points, phase);
    let ar = 0;
    for (let t = 0; t < points; t++) {
      // Tensor parallelism keeps the GPUs of one model equally busy; temperature follows with a lag.
      const util = Math.min(1, load(t, points, phase) + 0.03 * normal());
      lagged += 0.05 * (util - lagged);
      ar = 0.8 * ar + 0.6 * normal();
      let v = ambient + slot + 38 * lagged + 0.6 * ar;
      if (plant && plant.series === g && t >= plant.from && t < plant.to) v += plant.effect;
      row[t] = Math.round(v);
    }
    series.push(row);
  }
  return { name: `temperature ${gpus} GPUs`, series, planted: plant && { series: plant.series, from: plant.from, to: plant.to } };
}
