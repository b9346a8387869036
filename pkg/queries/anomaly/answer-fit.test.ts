import { describe, expect, it } from 'vitest';
import { frameCost } from '../../datasource/answer-limits';
import { fitAnswer, windowsOnly } from './answer-fit';
import { annotationFrame, rangeFrames, type ScoredSeries } from './frames';

function scored(name: string, peakScore: number, n = 100): ScoredSeries {
  const times = Array.from({ length: n }, (_, i) => i * 60_000);
  return {
    source: { labels: { gpu: name }, name, valueName: 'value', times, values: times.map(() => 1), config: {} },
    times,
    values: times.map(() => 1),
    expected: times.map(() => 1),
    lower: times.map(() => 0),
    upper: times.map(() => 2),
    score: times.map((_, i) => (i === 50 ? peakScore : 0.1)),
    flag: times.map(() => 0),
    windows: peakScore > 0.9 ? [{ start: 50 * 60_000, end: 51 * 60_000, peakScore }] : [],
    threshold: 0.9,
    latestScore: 0.1,
  } as ScoredSeries;
}
const panel = { from: 0, to: 99 * 60_000 };

describe('fitAnswer', () => {
  it('keeps everything when it fits', () => {
    const all = [scored('a', 0.2), scored('b', 0.95)];
    expect(fitAnswer(all, { maxPoints: 1e9, maxBytes: 1e9 }, panel)).toEqual({ shown: all, hidden: [] });
  });

  it('keeps the most anomalous series that fit, in source order, and the frames it keeps pass the caps', () => {
    const all = [scored('a', 0.2), scored('b', 0.95), scored('c', 0.5), scored('d', 0.99)];
    const caps = { maxPoints: 2 * 600 + 10, maxBytes: 1e9 };
    const fit = fitAnswer(all, caps, panel);
    expect(fit.shown.map((s) => s.source.name)).toEqual(['b', 'd']);
    expect(fit.hidden.map((s) => s.source.name)).toEqual(['a', 'c']);
    const ctx = { executedQueryString: 'q', notices: [], custom: {}, stepMs: 60_000 };
    const frames = [...rangeFrames(fit.shown, ctx), annotationFrame([...fit.shown, ...fit.hidden.map(windowsOnly)], panel, 60_000)];
    const cost = frames.map(frameCost).reduce((a, c) => ({ points: a.points + c.points, bytes: a.bytes + c.bytes }));
    expect(cost.points).toBeLessThanOrEqual(caps.maxPoints);
    // The annotations frame is counted on the generous side, so the dispatcher never cuts it.
    const byBytes = fitAnswer(all, { maxPoints: 1e9, maxBytes: cost.bytes }, panel);
    expect(byBytes.shown.length).toBeLessThanOrEqual(fit.shown.length);
  });

  it('counts long labels and many windows: what it keeps fits the caps by the dispatcher measure', () => {
    const many = Array.from({ length: 60 }, (_, k) => {
      const s = scored(`s${k}`, 0.95 + k / 10_000);
      s.source.labels = Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`label_${j}`, `a-rather-long-value-${j}-${k}`]));
      return s;
    });
    const ctx = { executedQueryString: 'q', notices: [], custom: {}, stepMs: 60_000 };
    for (const maxBytes of [60_000, 200_000, 400_000]) {
      const fit = fitAnswer(many, { maxPoints: 1e9, maxBytes }, panel);
      const frames = [...rangeFrames(fit.shown, ctx), annotationFrame([...fit.shown, ...fit.hidden.map(windowsOnly)], panel, 60_000, 'gpu_utilization')];
      const bytes = frames.map(frameCost).reduce((a, c) => a + c.bytes, 0);
      expect(bytes, `maxBytes ${maxBytes}`).toBeLessThanOrEqual(maxBytes);
      expect(fit.shown.length).toBeGreaterThan(0);
    }
  });

  it('keeps the annotations of hidden series', () => {
    const all = [scored('a', 0.2), scored('b', 0.95), scored('d', 0.99)];
    const fit = fitAnswer(all, { maxPoints: 700, maxBytes: 1e9 }, panel);
    expect(fit.shown.map((s) => s.source.name)).toEqual(['d']);
    const ann = annotationFrame([...fit.shown, ...fit.hidden.map(windowsOnly)], panel, 60_000);
    expect(Array.from(ann.fields[2]!.values as ArrayLike<string>).sort()).toEqual(['Anomaly: b', 'Anomaly: d']);
  });

  it('sends the top series alone when none fits, so the dispatcher can refuse it clearly', () => {
    const fit = fitAnswer([scored('a', 0.2), scored('b', 0.95)], { maxPoints: 10, maxBytes: 1e9 }, panel);
    expect(fit.shown.map((s) => s.source.name)).toEqual(['b']);
  });
});
