import { describe, expect, it } from 'vitest';
import { applyHoldOff, firingIndices } from './holdoff';
import { LikelihoodCalibrator, tailToScore, zToScore } from './likelihood';

describe('anomaly likelihood', () => {
  it('maps tail probabilities onto [0, 1] logarithmically', () => {
    expect(tailToScore(0.5)).toBe(0);
    expect(tailToScore(0.9)).toBe(0);
    expect(tailToScore(0.05)).toBeCloseTo(0.1, 12);
    expect(tailToScore(5e-11)).toBeCloseTo(1, 12);
    expect(tailToScore(0)).toBe(1);
    expect(zToScore(-3)).toBe(0);
    expect(zToScore(Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('stays silent during warm-up and on a constant raw score', () => {
    const c = new LikelihoodCalibrator(3, 100, 10, 0.01);
    for (let i = 0; i < 50; i++) expect(c.update(0.2)).toBe(0);
  });

  it('compares the short mean with the long-run distribution of short means', () => {
    const c = new LikelihoodCalibrator(2, 100, 4, 0.1);
    for (let i = 0; i < 4; i++) c.update(0);
    // short mean (0 + 1)/2 = 0.5 vs N(0, floor 0.1): z = 5.
    expect(c.updateZ(1)).toBeCloseTo(5, 12);
  });

  it('scores a burst in a quiet series higher than the same burst in a noisy one', () => {
    const quiet = new LikelihoodCalibrator(10, 1000, 100, 0.01);
    const noisy = new LikelihoodCalibrator(10, 1000, 100, 0.01);
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      quiet.update(0.1 + 0.02 * rnd());
      noisy.update(rnd());
    }
    let q = 0;
    let n = 0;
    for (let i = 0; i < 5; i++) {
      q = quiet.update(0.9);
      n = noisy.update(0.9);
    }
    expect(q).toBeGreaterThan(0.5);
    expect(n).toBeLessThan(q);
  });
});

describe('hold-off de-duplication', () => {
  it('suppresses repeats for the hold-off length, then fires again', () => {
    const s = [0, 0.5, 0.6, 0.5, 0, 0.5, 0.5];
    expect(Array.from(applyHoldOff(s, { trigger: 0.4, holdOff: 3, breakMargin: 1 }))).toEqual([
      0, 0.5, 0, 0, 0, 0.5, 0,
    ]);
    expect(firingIndices(s, { trigger: 0.4, holdOff: 3, breakMargin: 1 })).toEqual([1, 5]);
  });

  it('lets a clearly bigger event through and restarts the hold-off', () => {
    const s = [0.4, 0.5, 0.95, 0.5, 0.5];
    expect(firingIndices(s, { trigger: 0.4, holdOff: 10, breakMargin: 0.3 })).toEqual([0, 2]);
  });

  it('hold-off 0 keeps every score', () => {
    const s = [0.5, 0.5, 0.5];
    expect(firingIndices(s, { trigger: 0.4, holdOff: 0, breakMargin: 1 })).toEqual([0, 1, 2]);
  });
});
