import { describe, expect, it } from 'vitest';
import type { ScoredSeries } from './frames';
import { markStoppedSeries } from './stopped';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 7, 12);

function scored(name: string, from: number, to: number): ScoredSeries {
  const times: number[] = [];
  for (let t = from; t <= to; t += MIN) times.push(t);
  const values = times.map(() => 1);
  return {
    source: { labels: { instance: name }, name, valueName: 'v', times: [...times], values: [...values], config: {} },
    times,
    values,
    expected: values.map(() => 1),
    lower: values.map(() => 0.5),
    upper: values.map(() => 1.5),
    score: values.map(() => 0),
    flag: values.map(() => 0),
    windows: [],
    threshold: 0.5,
    latestScore: 0,
  };
}

const panel = { from: T0, to: T0 + 120 * MIN };
const opts = { panel, stepMs: MIN, adaptAfterMs: 120 * MIN };

describe('series that stop reporting', () => {
  it('flags the silence after the staleness grace, with a window that says so, and the latest score', () => {
    const down = scored('a', T0, T0 + 60 * MIN);
    const up = scored('b', T0, T0 + 120 * MIN);
    markStoppedSeries([down, up], opts);
    expect(down.times.at(-1)).toBe(T0 + 120 * MIN);
    expect(down.values.at(-1)).toBeNull();
    expect(down.flag.slice(61)).toEqual(new Array(60).fill(1));
    // Range form only: the instant score (alert rules) is left to the values.
    expect(down.latestScore).toBe(0);
    expect(down.windows).toHaveLength(1);
    expect(down.windows[0]!.text).toMatch(/^a stopped reporting after 13:00 UTC \(no other series replaced it\)\.$/);
    expect(up.flag.every((f) => f === 0)).toBe(true);
  });

  it('leaves short silences (Prometheus staleness), replaced series (a rollout) and long-gone series alone', () => {
    const late = scored('a', T0, T0 + 117 * MIN);
    markStoppedSeries([late], opts);
    expect(late.windows).toEqual([]);
    const old = scored('pod-1', T0, T0 + 60 * MIN);
    const successor = scored('pod-2', T0 + 62 * MIN, T0 + 120 * MIN);
    markStoppedSeries([old, successor], opts);
    expect(old.windows).toEqual([]);
    const gone = scored('a', T0 - 300 * MIN, T0 - 200 * MIN);
    markStoppedSeries([gone], opts);
    expect(gone.windows).toEqual([]);
  });

  it('leaves latencies and ratios alone: they have no value while there is no traffic', () => {
    const p95 = scored('a', T0, T0 + 60 * MIN);
    p95.source.config = { unit: 's' };
    markStoppedSeries([p95], opts);
    expect(p95.windows).toEqual([]);
  });

  it('leaves aggregates alone: a model series that ends is a rollback, not an outage', () => {
    const v2 = scored('x', T0, T0 + 60 * MIN);
    v2.source.labels = { model: 'llama-ft-v2' };
    markStoppedSeries([v2], opts);
    expect(v2.windows).toEqual([]);
  });

  it('stops flagging once the absence has lasted the adaptation horizon', () => {
    const down = scored('a', T0, T0 + 30 * MIN);
    markStoppedSeries([down], { ...opts, adaptAfterMs: 60 * MIN });
    expect(down.windows[0]!.end).toBe(T0 + 90 * MIN);
    expect(down.latestScore).toBe(0);
    expect(down.windows[0]!.text).toMatch(/flagged for 60 minutes, then taken as the new normal/);
  });
});

describe('series that go silent and come back', () => {
  it('flags the silence inside the range, in time order, and says when it came back', () => {
    const s = scored('a', T0, T0 + 120 * MIN);
    // Down from 12:40 to 13:00 (samples removed).
    const keep = s.times.map((t) => t <= T0 + 40 * MIN || t >= T0 + 60 * MIN);
    const sel = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
    s.source.times = sel(s.source.times);
    s.source.values = sel(s.source.values);
    s.times = sel(s.times);
    s.values = sel(s.values);
    s.expected = sel(s.expected);
    s.lower = sel(s.lower);
    s.upper = sel(s.upper);
    s.score = sel(s.score);
    s.flag = sel(s.flag);
    markStoppedSeries([s, scored('b', T0, T0 + 120 * MIN)], opts);
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]).toMatchObject({ start: T0 + 41 * MIN, end: T0 + 59 * MIN });
    expect(s.windows[0]!.text).toMatch(/stopped reporting after 12:40 UTC, back at 13:00 UTC/);
    const sorted = [...s.times].sort((x, y) => x - y);
    expect(s.times).toEqual(sorted);
    expect(s.times).toHaveLength(121);
    expect(s.flag.filter((f) => f === 1)).toHaveLength(19);
  });
});
