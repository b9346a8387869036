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
