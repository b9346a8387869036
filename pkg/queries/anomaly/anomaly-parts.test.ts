import { describe, expect, it } from 'vitest';
import type { Frame } from '../../grafana/frame';
import { annotationFrame, instantFrames, rangeFrames } from './frames';
import { niceStep, planDetection } from './plan';
import { scoreSeries } from './score';
import { counterToRate, looksLikeCounter, seriesFromFrames, uniqueLabelSets, type SourceSeries } from './series';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('detection plan', () => {
  it('reads 3 days at a day-dividing step for a one-hour panel', () => {
    const to = 1_700_000_000_000;
    const p = planDetection({ from: to - HOUR, to }, 15_000, 'auto');
    // 3 days back, moved down to a whole multiple of the step.
    expect(p.from).toBe(Math.floor((to - 3 * DAY) / MIN) * MIN);
    expect(p.stepMs).toBe(MIN); // 3 d / 5000 points = 52 s → 1 m
    expect(DAY % p.stepMs).toBe(0);
  });
  it('adds a day of warm-up before long panels and keeps a coarser panel step', () => {
    const to = 1_700_000_000_000;
    const p = planDetection({ from: to - 7 * DAY, to }, 10 * MIN, 'auto');
    const aligned = (ms: number, step: number) => Math.floor(ms / step) * step;
    expect(p.from).toBe(aligned(to - 8 * DAY, 10 * MIN));
    expect(p.stepMs).toBe(10 * MIN);
    const weekly = planDetection({ from: to - HOUR, to }, 15_000, 'weekly');
    expect(weekly.from).toBe(aligned(to - 15 * DAY, weekly.stepMs));
    // An explicit history still gets up to its own length of warm-up before the panel.
    const none = planDetection({ from: to - HOUR, to }, 15_000, 'none', 6 * HOUR);
    expect(none.from).toBe(aligned(to - 7 * HOUR, none.stepMs));
  });
  it('evaluates the same instants whatever the range end', () => {
    const to = 1_700_000_000_000;
    for (const later of [0, 15_000, 37_000, 4 * MIN + 1]) {
      const p = planDetection({ from: to + later - HOUR, to: to + later }, 15_000, 'auto');
      expect(p.from % p.stepMs).toBe(0);
    }
  });
  it('nice steps', () => {
    expect(niceStep(1)).toBe(15_000);
    expect(niceStep(61_000)).toBe(2 * MIN);
    expect(niceStep(2 * DAY)).toBe(2 * DAY);
  });
});

describe('counters', () => {
  it('rate; the interval across a reset and gaps are left out', () => {
    const t = [0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000];
    expect(counterToRate(t, [100, 110, 130, 5, 15, null, 35])).toEqual([null, 1, 2, null, 1, null, 1]);
  });
  it('recognises counters by name and shape only', () => {
    const mono = [...Array.from({ length: 30 }, (_, i) => i), 0, 1, 2, 2, 3];
    expect(looksLikeCounter({ __name__: 'vllm:request_success_total' }, mono)).toBe(true);
    expect(looksLikeCounter({ __name__: 'vllm:num_requests_running' }, mono)).toBe(false);
    expect(looksLikeCounter({}, mono, 'sum(vllm:request_success_total)')).toBe(true);
    expect(looksLikeCounter({}, mono, 'sum(rate(vllm:request_success_total[5m]))')).toBe(false);
    expect(looksLikeCounter({ __name__: 'x_total' }, [5, 1, 4, 0, 3, 0, 2])).toBe(false); // goes down too often
  });
});

describe('source frames → series', () => {
  const frame = (labels: Record<string, string>, dn?: string): Frame => ({
    meta: { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: 'q', notices: [{ severity: 'info', text: 'n' }] },
    fields: [
      { name: 'time', type: 'time', values: [1, 2] },
      { name: 'ttft', type: 'number', values: Float64Array.from([0.5, Number.NaN]), labels, config: { unit: 's', ...(dn ? { displayNameFromDS: dn } : {}) } },
    ],
  });
  it('takes display names, labels, units; NaN becomes a gap; duplicates get a series label', () => {
    const r = seriesFromFrames([frame({ model: 'm' }, 'TTFT p95 m'), frame({ __name__: 'up', job: 'a' }), frame({ __name__: 'up', job: 'a' }), { fields: [] }]);
    expect(r.series.map((s) => s.name)).toEqual(['TTFT p95 m', 'up{job="a"}', 'up{job="a"}']);
    expect(r.series[0]!.values).toEqual([0.5, null]);
    expect(r.notices).toHaveLength(3);
    expect(r.executedQueryString).toBe('q');
    uniqueLabelSets(r.series);
    expect(r.series[2]!.labels).toEqual({ __name__: 'up', job: 'a', series: '2' });
  });
});

// A 4-day sine with noise at 5-minute steps (deterministic), spike on the last day, a constant and a short series.
let seed = 7;
const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.4;
const STEP = 5 * MIN;
const T0 = 1_700_006_400_000 - (1_700_006_400_000 % DAY);
const N = (4 * DAY) / STEP;
const times = Array.from({ length: N }, (_, i) => T0 + i * STEP);
const panel = { from: T0 + 4 * DAY - 6 * HOUR, to: T0 + 4 * DAY - STEP };
const SPIKE = { from: T0 + 4 * DAY - 3 * HOUR, to: T0 + 4 * DAY - 3 * HOUR + 30 * MIN };
const src = (name: string, labels: Record<string, string>, values: Array<number | null>, t = times): SourceSeries => ({ name, labels, valueName: 'v', times: t, values, config: { unit: 's' } });

describe('scoreSeries + frames', () => {
  const seasonal = (i: number) => 10 + 3 * Math.sin((2 * Math.PI * i * STEP) / DAY) + noise();
  const spiky = src('spiky', { instance: 'a' }, times.map((t, i) => seasonal(i) + (t >= SPIKE.from && t < SPIKE.to ? 15 : 0)));
  const healthy = src('healthy', { instance: 'b' }, times.map((_, i) => seasonal(i)));
  const flat = src('flat', { instance: 'c' }, times.map(() => 4));
  const short = src('short', { instance: 'd' }, times.slice(-40).map(() => 1 + noise()), times.slice(-40));
  const { scored, notices } = scoreSeries([spiky, healthy, flat, short], { detector: { preset: 'operational', sensitivity: 0.5, seasonality: 'auto' }, panel, wantedHistoryMs: 2 * DAY });

  it('flags the spike inside its window, and nothing on healthy or constant series', () => {
    const flagged = (i: number) => scored[i]!.times.filter((_, j) => scored[i]!.flag[j] === 1);
    expect(flagged(0).length).toBeGreaterThanOrEqual(1);
    for (const t of flagged(0)) expect(t >= SPIKE.from && t < SPIKE.to).toBe(true);
    expect(flagged(1)).toEqual([]);
    expect(flagged(2)).toEqual([]);
    expect(Math.max(...scored[2]!.score)).toBe(0);
    // Trimmed to the panel.
    expect(scored[0]!.times[0]).toBeGreaterThanOrEqual(panel.from);
    expect(scored[0]!.times.at(-1)).toBeLessThanOrEqual(panel.to);
  });

  it('warns about short history by series name', () => {
    const w = notices.filter((n) => n.severity === 'warning').map((n) => n.text);
    expect(w.some((t) => /^Short history: 3h 15m of data .*\(1 series: short\)$/.test(t))).toBe(true);
  });

  it('range frames: labelled fields, band styling; annotations inside the panel', () => {
    const frames = rangeFrames(scored, { executedQueryString: 'q', notices, custom: {}, stepMs: STEP });
    expect(frames).toHaveLength(4);
    const f = frames[0]!;
    expect(f.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1] });
    expect(f.fields.map((x) => x.name)).toEqual(['time', 'value', 'expected', 'lower', 'upper', 'score', 'flag']);
    for (const x of f.fields.slice(1)) expect(x.labels).toEqual({ instance: 'a' });
    expect(f.fields[4]!.config).toMatchObject({ displayNameFromDS: 'spiky upper', unit: 's', custom: { fillBelowTo: 'spiky lower' } });
    expect(frames[1]!.meta!.notices).toBeUndefined();
    const ann = annotationFrame(scored, panel, STEP, 'ttft');
    expect(ann.meta).toEqual({ dataTopic: 'annotations' });
    const tags = Array.from(ann.fields[4]!.values as string[]);
    const t0 = (ann.fields[0]!.values as number[]).filter((_, i) => tags[i] === 'anomaly,ttft,instance=a');
    expect(t0.length).toBeGreaterThanOrEqual(1);
    expect(t0.every((t) => t >= SPIKE.from && t < SPIKE.to)).toBe(true);
    expect(tags.filter((t) => /instance=[bc]/.test(t))).toEqual([]);
    expect(ann.fields.map((x) => x.name)).toEqual(['time', 'timeEnd', 'title', 'text', 'tags', 'score']);
  });

  it('instant frames: one numeric field per series with its labels and the latest score', () => {
    const frames = instantFrames(scored, { executedQueryString: 'q', notices: [], custom: {}, stepMs: STEP });
    expect(frames.map((f) => f.meta!.type)).toEqual(['numeric-multi', 'numeric-multi', 'numeric-multi', 'numeric-multi']);
    expect(frames.map((f) => f.fields.length)).toEqual([1, 1, 1, 1]);
    expect(frames.map((f) => f.fields[0]!.labels!.instance)).toEqual(['a', 'b', 'c', 'd']);
    expect(frames[2]!.fields[0]!.values).toEqual([0]);
  });
});
