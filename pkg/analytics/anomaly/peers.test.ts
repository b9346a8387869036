import { describe, expect, it } from 'vitest';
import { bandKByPeerCount, normalQuantileUpper, PooledScale, sigmaFromMad } from './peer-scale';
import { peerOutliers } from './peers';

/** Deterministic noise in [-1, 1]. */
function noise(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 48271) % 2147483647) / 2147483647) * 2 - 1;
}

/** n replicas sharing a daily curve, each with its own small steady bias and noise; optional fault on one. */
function replicas(n: number, points: number, fault?: { series: number; from: number; to: number; factor: number }, seed = 7): Float64Array[] {
  const u = noise(seed);
  return Array.from({ length: n }, (_, i) => {
    const bias = 1 + 0.03 * u();
    const row = new Float64Array(points);
    for (let t = 0; t < points; t++) {
      const level = 0.4 * (1.5 + Math.sin((2 * Math.PI * t) / 5760));
      let v = level * bias * (1 + 0.04 * u());
      if (fault && i === fault.series && t >= fault.from && t < fault.to) v *= fault.factor;
      row[t] = v;
    }
    return row;
  });
}

const flaggedIn = (row: Uint8Array, from = 0, to = row.length) => row.subarray(from, to).reduce((a, b) => a + b, 0);

describe('peerOutliers', () => {
  it('flags the replica that departs from its siblings, soon and for as long as it lasts', () => {
    const series = replicas(5, 1000, { series: 2, from: 400, to: 700, factor: 3 });
    const r = peerOutliers(series);
    const first = r.flag[2].indexOf(1);
    expect(first).toBeGreaterThanOrEqual(400);
    expect(first).toBeLessThanOrEqual(403);
    expect(flaggedIn(r.flag[2], 400, 700)).toBeGreaterThanOrEqual(297);
    expect(flaggedIn(r.flag[2], 0, 400) + flaggedIn(r.flag[2], 705)).toBe(0);
    for (const s of [0, 1, 3, 4]) expect(flaggedIn(r.flag[s])).toBe(0);
    expect(r.events).toHaveLength(1);
    const e = r.events[0];
    expect(e).toMatchObject({ series: 2, onset: 400, direction: 'up', ongoing: false, peers: 5 });
    expect(e.ratio!).toBeCloseTo(3, 0);
    expect(e.peakScore).toBe(1);
    expect(e.end).toBeLessThan(705);
  });

  it('finds the 4× TTFT step of issue 13 on quantized p95s and ignores a one-bucket wobble', () => {
    // 4 instances, 2 h at 15 s: histogram_quantile over coarse buckets keeps every p95 near 0.22 s.
    const rows = Array.from({ length: 4 }, (_, i) => {
      const row = new Float64Array(480);
      for (let t = 0; t < 480; t++) row[t] = [0.217, 0.22, 0.222, 0.225][(t + i) % 4];
      return row;
    });
    for (let t = 200; t < 210; t++) rows[1][t] = 0.21; // the dip that scored 1.0 before
    for (let t = 360; t < 480; t++) rows[3][t] = 0.89; // KV-cache saturation on one instance, last 30 min
    const r = peerOutliers(rows, { direction: 'up', domain: { min: 0 } });
    expect(flaggedIn(r.flag[1])).toBe(0);
    expect(flaggedIn(r.flag[3], 360, 480)).toBeGreaterThanOrEqual(118);
    expect(r.score[3][479]).toBe(1);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ series: 3, onset: 360, ongoing: true, peers: 4 });
    expect(r.events[0].ratio!).toBeCloseTo(0.89 / 0.2215, 1);
    // The band stays where the peers are, not where the incident is.
    expect(r.upper[479]).toBeLessThan(0.3);
    expect(Math.min(...r.lower)).toBeGreaterThanOrEqual(0);
  });

  it('does not flag a fleet-wide swing: the band moves with the peers', () => {
    const series = replicas(6, 1000);
    for (const row of series) for (let t = 300; t < 600; t++) row[t] *= 2.5;
    const r = peerOutliers(series);
    expect(r.flag.reduce((a, row) => a + flaggedIn(row), 0)).toBe(0);
    expect(r.median[450] / r.median[250]).toBeGreaterThan(2);
  });

  it('resizes the band at once when the whole fleet doubles, where the spread is what decides', () => {
    // Multiplicative noise well above the effect floor: after the doubling every replica's spread doubles too.
    const u = noise(5);
    const series = Array.from({ length: 40 }, () => {
      const row = new Float64Array(1500);
      for (let t = 0; t < row.length; t++) row[t] = (t >= 800 && t < 1100 ? 2 : 1) * (1 + 0.15 * (u() + u() + u()));
      return row;
    });
    const eager = { minRelativeEffect: 0, sensitivity: 1 };
    const r = peerOutliers(series, eager);
    expect(r.flag.reduce((a, row) => a + flaggedIn(row, 780, 1200), 0)).toBe(0);
    expect((r.upper[1000] - r.median[1000]) / (r.upper[700] - r.median[700])).toBeGreaterThan(1.6);
    // A replica doubling on its own in the same noise is found.
    for (let t = 300; t < 500; t++) series[7][t] *= 2;
    expect(flaggedIn(peerOutliers(series, eager).flag[7], 300, 500)).toBeGreaterThan(190);
  });

  it('keeps a long departure flagged with only 3 peers (their spread is not learned while one departs)', () => {
    const series = replicas(3, 2000, { series: 0, from: 500, to: 1700, factor: 1.6 });
    const r = peerOutliers(series);
    expect(flaggedIn(r.flag[0], 500, 1700)).toBeGreaterThan(0.97 * 1200);
    expect(flaggedIn(r.flag[1]) + flaggedIn(r.flag[2])).toBe(0);
  });

  it('ignores one-scrape glitches', () => {
    const series = replicas(8, 600);
    series[4][300] *= 10;
    series[5][310] *= 10;
    series[5][311] *= 10;
    const r = peerOutliers(series);
    expect(r.flag.reduce((a, row) => a + flaggedIn(row), 0)).toBe(0);
    expect(r.score[4][300]).toBeLessThan(0.5);
  });

  it('applies the effect-size floor: identical replicas with tiny steady differences do not flag', () => {
    // Four identical replicas and one always 8 % slower: no noise, so the peers' MAD is 0.
    const rows = Array.from({ length: 5 }, (_, i) => new Float64Array(400).fill(i === 4 ? 1.08 : 1));
    expect(flaggedIn(peerOutliers(rows).flag[4])).toBe(0);
    expect(flaggedIn(peerOutliers(rows, { minRelativeEffect: 0.05 }).flag[4])).toBe(400 - 2);
    // Without any floor a departure from identical peers always counts.
    expect(flaggedIn(peerOutliers(rows, { minRelativeEffect: 0 }).flag[4])).toBe(400 - 2);
    // An absolute floor in the signal's unit (e.g. 5 °C) works where ratios mean nothing.
    const temps = Array.from({ length: 8 }, (_, i) => new Float64Array(300).fill(i === 3 ? 64 : 55 + (i % 2)));
    expect(flaggedIn(peerOutliers(temps, { minRelativeEffect: 0, minAbsoluteEffect: 10 }).flag[3])).toBe(0);
    const r = peerOutliers(temps, { minRelativeEffect: 0, minAbsoluteEffect: 5 });
    expect(flaggedIn(r.flag[3])).toBe(300 - 2);
    expect(r.events[0].delta).toBe(64 - 55.5);
  });

  it('widens the band for large groups, so the extremes of a healthy fleet are not outliers', () => {
    expect(normalQuantileUpper(0.025)).toBeCloseTo(1.96, 2);
    const k = bandKByPeerCount(1000, 2.5);
    expect(k[3]).toBeCloseTo(normalQuantileUpper(0.01 / 3), 6);
    expect(bandKByPeerCount(3, 4)[3]).toBe(4);
    expect(k[100]).toBeCloseTo(normalQuantileUpper(1e-4), 6);
    expect(k[1000]).toBeGreaterThan(4.2);
    // 400 replicas whose steady biases are spread normally (σ 5 %), flagged at the most eager sensitivity.
    const u = noise(3);
    const gauss = () => (u() + u() + u() + u() + u() + u()) / Math.SQRT2;
    const rows = Array.from({ length: 400 }, () => new Float64Array(200).fill(1 + 0.05 * gauss()));
    const r = peerOutliers(rows, { sensitivity: 1, minRelativeEffect: 0 });
    expect(r.flag.reduce((a, row) => a + flaggedIn(row), 0)).toBe(0);
  });

  it('pools σ as the median of the last values learned', () => {
    const pool = new PooledScale(7);
    expect(pool.current(3)).toBe(3);
    const u = noise(9);
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      // Repeated values too: eviction must remove exactly one copy.
      const x = i % 5 === 0 ? 0.5 : Math.round(u() * 20) / 10;
      pool.learn(x);
      if (x >= 0) seen.push(x);
      const last = seen.slice(-7).sort((a, b) => a - b);
      const h = last.length >> 1;
      expect(pool.current(99)).toBe(last.length % 2 ? last[h] : (last[h - 1] + last[h]) / 2);
    }
    pool.learn(Number.NaN);
    pool.learn(Number.POSITIVE_INFINITY);
    const last = seen.slice(-7).sort((a, b) => a - b);
    expect(pool.current(99)).toBe(last[3]);
  });

  it('corrects the MAD of small groups', () => {
    expect(sigmaFromMad(1, 3)).toBeCloseTo(1.4826 * 1.878, 6);
    expect(sigmaFromMad(1, 1000)).toBeCloseTo(1.4826 * (1000 / 998.8), 6);
  });

  it('is online: what was flagged does not change when the range end moves later', () => {
    const series = replicas(4, 900, { series: 1, from: 500, to: 800, factor: 2 });
    const full = peerOutliers(series);
    const cut = peerOutliers(series.map((row) => row.subarray(0, 620)));
    for (let s = 0; s < 4; s++) {
      expect(Array.from(cut.flag[s])).toEqual(Array.from(full.flag[s].subarray(0, 620)));
      expect(Array.from(cut.score[s])).toEqual(Array.from(full.score[s].subarray(0, 620)));
    }
    expect(Array.from(cut.upper)).toEqual(Array.from(full.upper.subarray(0, 620)));
    expect(cut.events[0]).toMatchObject({ series: 1, onset: 500, ongoing: true });
    expect(full.events[0].ongoing).toBe(false);
  });

  it('reads gaps as missing, needs 3 series reporting, and says so', () => {
    const series = replicas(3, 300, { series: 2, from: 100, to: 300, factor: 3 }).map((row) => Array.from(row) as Array<number | null>);
    for (let t = 150; t < 170; t++) series[0][t] = null;
    const r = peerOutliers(series);
    expect(r.peers[160]).toBe(2);
    expect(r.median[160]).toBeNaN();
    expect(r.score[2][160]).toBe(0);
    expect(r.flag[2][160]).toBe(0);
    expect(r.notices).toEqual(['20 of 300 timestamps had fewer than 3 series reporting; no peer comparison there.']);
    // The departure is one event before the gap and one after it.
    expect(r.events.map((e) => [e.series, e.onset])).toEqual([
      [2, 100],
      [2, 170],
    ]);

    // Non-finite values are gaps too, whatever the array type.
    const inf = replicas(4, 50).map((row) => Float64Array.from(row));
    inf[0][20] = Number.POSITIVE_INFINITY;
    const ri = peerOutliers(inf);
    expect(ri.peers[20]).toBe(3);
    expect(Number.isFinite(ri.median[20])).toBe(true);
    expect(ri.score[0][20]).toBe(0);

    const two = peerOutliers(series.slice(0, 2));
    expect(two.notices[0]).toMatch(/at least 3 series .* this group has 2/);
    expect(two.flag.every((row) => flaggedIn(row) === 0)).toBe(true);
  });

  it('counts only the wanted direction and clips the band to the domain', () => {
    const series = replicas(6, 500, { series: 0, from: 200, to: 400, factor: 0.2 });
    expect(flaggedIn(peerOutliers(series).flag[0])).toBeGreaterThan(190);
    expect(peerOutliers(series).events[0].direction).toBe('down');
    expect(flaggedIn(peerOutliers(series, { direction: 'up' }).flag[0])).toBe(0);
    expect(flaggedIn(peerOutliers(series, { direction: 'down' }).flag[0])).toBeGreaterThan(190);
    const wide = peerOutliers(series, { minRelativeEffect: 5, domain: { min: 0 } });
    expect(Math.min(...wide.lower)).toBe(0);
    expect(wide.upper[10]).toBeCloseTo(6 * wide.median[10], 10);
  });

  it('rejects bad options and misaligned series with messages naming the field', () => {
    const rows = replicas(3, 10);
    expect(() => peerOutliers([rows[0], rows[1].subarray(0, 9), rows[2]])).toThrow(/aligned: series 0 has 10 points, series 1 has 9/);
    expect(() => peerOutliers(rows, { sensitivity: 2 })).toThrow(/sensitivity must be between 0 and 1/);
    expect(() => peerOutliers(rows, { persistencePoints: 4 })).toThrow(/persistencePoints must be an odd whole number/);
    expect(() => peerOutliers(rows, { minPeers: 2 })).toThrow(/minPeers must be a whole number ≥ 3/);
    expect(() => peerOutliers(rows, { minAbsoluteEffect: -1 })).toThrow(/minAbsoluteEffect must be a finite number ≥ 0/);
    expect(() => peerOutliers(rows, { direction: 'sideways' as never })).toThrow(/direction must be both, up or down/);
    expect(() => peerOutliers(rows, { domain: { min: 1, max: 0 } })).toThrow(/domain min 1 is above max 0/);
  });
});
