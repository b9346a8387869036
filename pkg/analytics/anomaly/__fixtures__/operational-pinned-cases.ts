// Fixed, seeded inputs whose operational-detector output is pinned in operational-pinned.json (see
// operational-pinned.test.ts). Each case exercises one path of the detector: seasonal gate, adaptation and
// the remembered normal, counts, a bounded domain with a floor-set band, recurring excursions, gaps,
// duplicate timestamps and nulls, quantized quantiles, non-default options. Changing any input here changes
// the pinned output: regenerate the fixture only for a deliberate change of the detector's results.
import { createHash } from 'node:crypto';
import type { DetectColumns, DetectSeries } from '../detect';
import type { OperationalOptions } from '../operational';

export interface PinnedCase {
  name: string;
  series: DetectSeries;
  opts: OperationalOptions;
}

const T0 = Date.UTC(2026, 0, 5);
const MIN = 60_000;

/** Park–Miller generator in [0, 1), as the benches use. */
function uniform(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** n points from T0 every `step` ms; f(i, u) gives the value (u: uniform in [0, 1)). */
function build(n: number, step: number, seed: number, f: (i: number, u: () => number) => number | null): DetectSeries {
  const u = uniform(seed);
  const t: number[] = [];
  const v: Array<number | null> = [];
  for (let i = 0; i < n; i++) {
    t.push(T0 + i * step);
    v.push(f(i, u));
  }
  return { t, v };
}

/** Roughly normal noise with unit-ish spread. */
const noise = (u: () => number) => u() + u() + u() - 1.5;

/** The anomaly-operational bench's series: a daily sine with noise and a 200-point incident every 5,000 points. */
function benchLike(n: number, step: number, seed: number): DetectSeries {
  const day = 86_400_000 / step;
  return build(n, step, seed, (i, u) => 100 + 20 * Math.sin((2 * Math.PI * i) / day) + 3 * noise(u) + (i % 5_000 >= 4_000 && i % 5_000 < 4_200 ? 60 : 0));
}

/** vLLM's TTFT bucket bounds (seconds): p95 of a histogram is one of them or interpolated between two. */
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

export function pinnedCases(): PinnedCase[] {
  return [
    // The fleet bench's series (3 days at 1 min): seasonal gate judged once, at the start of day 3.
    { name: 'bench fleet series, seed 1000', series: benchLike(3 * 1440, MIN, 1000), opts: { unit: 's' } },
    { name: 'bench fleet series, seed 1001', series: benchLike(3 * 1440, MIN, 1001), opts: { unit: 's' } },
    { name: 'bench fleet series, seed 1002, no seasonality', series: benchLike(3 * 1440, MIN, 1002), opts: { unit: 's', seasonality: 'none' } },
    // The long bench's shape at 15 s over 4 days: a 240-point window, the gate judged twice.
    { name: 'bench long series at 15 s, 4 days', series: benchLike(4 * 5760, 15_000, 12345), opts: { unit: 's' } },
    { name: 'bench long series at 15 s, daily forced', series: benchLike(4 * 5760, 15_000, 777), opts: { unit: 's', seasonality: 'daily' } },
    {
      // A daily batch job at 02:00 for 40 minutes: the same-phase median predicts it, so 'auto' takes the cycle.
      name: 'daily batch at 5 min, 4 days',
      series: build(4 * 288, 5 * MIN, 31, (i, u) => 0.3 + 0.02 * noise(u) + (i % 288 >= 24 && i % 288 < 32 ? 0.6 : 0)),
      opts: { unit: 's' },
    },
    {
      // A 4× step held past the adaptation horizon (2 h), then back to the old normal (restored, not flagged).
      name: 'step adapted then recovered, 1 min',
      series: build(600, MIN, 5, (i, u) => (i >= 150 && i < 420 ? 0.8 : 0.2) + 0.01 * noise(u)),
      opts: { unit: 's' },
    },
    {
      // Requests waiting: small counts with Poisson-like noise, a burst to 20–30.
      name: 'counts with a burst',
      series: build(500, 15_000, 9, (i, u) => (i >= 300 && i < 340 ? 20 + Math.floor(10 * u()) : Math.floor(3 * u() + 3 * u()))),
      opts: { unit: 'short' },
    },
    {
      // GPU memory held at 90 % ± 0.01 %, then a slow leak to the top of the domain: the floor sets the band.
      name: 'bounded ratio with a leak',
      series: build(600, 15_000, 11, (i, u) => Math.min(1, 0.9 + 0.0001 * noise(u) + (i >= 400 ? (i - 400) * 0.0008 : 0))),
      opts: { unit: 'percentunit' },
    },
    {
      // A job every 4 hours lifting a rate: the first excursions flag, later ones are recurring behaviour.
      name: 'recurring 4-hourly job, 5 min',
      series: build(2 * 288, 5 * MIN, 13, (i, u) => 50 + 2 * noise(u) + (i % 48 >= 40 && i % 48 < 44 ? 40 : 0)),
      opts: { unit: 'reqps', seasonality: 'none' },
    },
    {
      // Missing scrapes (absent timestamps), nulls, NaN and duplicated timestamps, then an incident.
      name: 'gaps, nulls and duplicate timestamps',
      series: (() => {
        const u = uniform(17);
        const t: number[] = [];
        const v: Array<number | null> = [];
        for (let i = 0; i < 400; i++) {
          if (i % 37 === 5 || (i >= 200 && i < 212)) continue;
          const x = 1.5 + 0.1 * noise(u) + (i >= 300 && i < 330 ? 1.2 : 0);
          t.push(T0 + i * 15_000);
          v.push(i % 53 === 7 ? null : i % 61 === 3 ? Number.NaN : x);
          if (i % 71 === 9) {
            t.push(T0 + i * 15_000);
            v.push(x + 0.05);
          }
        }
        return { t, v };
      })(),
      opts: { unit: 's' },
    },
    {
      // p95 of a histogram: quantized to bucket bounds, a one-bucket wobble now and then, a real jump.
      name: 'quantized histogram quantile',
      series: build(480, 15_000, 19, (i, u) => {
        if (i >= 400) return TTFT_BUCKETS[10 + Math.floor(2 * u())];
        const r = u();
        return r < 0.9 ? TTFT_BUCKETS[8] : r < 0.97 ? TTFT_BUCKETS[9] : TTFT_BUCKETS[7];
      }),
      opts: { unit: 's' },
    },
    {
      // No unit, negative values (an unbounded domain), most sensitive, short window and adaptation.
      name: 'signed values, sensitivity 1, short window',
      series: build(500, 30_000, 23, (i, u) => -5 + 0.5 * noise(u) + (i >= 250 && i < 290 ? -3 : 0) + (i >= 400 ? 0.01 * (i - 400) : 0)),
      opts: { sensitivity: 1, baselineWindowMs: 10 * MIN, adaptAfterMs: 30 * MIN },
    },
    {
      name: 'temperature, least sensitive',
      series: build(500, 15_000, 29, (i, u) => 54 + 1.5 * noise(u) + (i >= 200 && i < 380 ? 31 : 0)),
      opts: { unit: 'celsius', sensitivity: 0 },
    },
  ];
}

/** Cases up to this many points keep their scores and flags point by point in the fixture; all keep a digest. */
const POINTWISE_MAX = 1200;

/** What the fixture holds per case: exact (bit-level) digests of every column, and a readable part. */
export interface PinnedOutput {
  name: string;
  points: number;
  /** SHA-256 of the float64 bits (little-endian) of expected, lower, upper, score, then the flags. */
  digest: string;
  flagged: number;
  windows: DetectColumns['windows'];
  notices: string[];
  stepMs: number;
  /** Small cases: the scores as little-endian float64 bytes in base64 (exact), and the flags as 0/1 text. */
  scores?: string;
  flags?: string;
}

function float64Bytes(xs: Float64Array): Buffer {
  const b = Buffer.alloc(8 * xs.length);
  for (let i = 0; i < xs.length; i++) b.writeDoubleLE(xs[i], 8 * i);
  return b;
}

export function decodeScores(base64: string): Float64Array {
  const b = Buffer.from(base64, 'base64');
  const out = new Float64Array(b.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = b.readDoubleLE(8 * i);
  return out;
}

export function summarise(name: string, out: DetectColumns): PinnedOutput {
  const h = createHash('sha256');
  for (const col of [out.expected, out.lower, out.upper, out.score]) h.update(float64Bytes(col));
  h.update(out.flag);
  const n = out.score.length;
  const summary: PinnedOutput = {
    name,
    points: n,
    digest: h.digest('hex'),
    flagged: out.flag.reduce((a, f) => a + f, 0),
    windows: out.windows,
    notices: out.notices,
    stepMs: out.stepMs,
  };
  if (n <= POINTWISE_MAX) {
    summary.scores = float64Bytes(out.score).toString('base64');
    summary.flags = Array.from(out.flag).join('');
  }
  return summary;
}
