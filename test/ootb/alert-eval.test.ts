// The expression evaluator used to replay alert rules: reduce, math and threshold behave like
// Grafana's server-side expressions on the shapes our rules produce.
import { describe, expect, it } from 'vitest';
import { evalMath, evaluateRule, parseMath, reduce, threshold } from './alert-eval';
import type { ProvisionedRule } from './alert-checks';

describe('reduce', () => {
  it('computes last/mean/min/max/sum/count and drops NaN and nulls (dropNN)', () => {
    const xs = [1, null, 3, Number.NaN, 8];
    expect(reduce(xs, 'last')).toBe(8);
    expect(reduce(xs, 'mean')).toBe(4);
    expect(reduce(xs, 'min')).toBe(1);
    expect(reduce(xs, 'max')).toBe(8);
    expect(reduce(xs, 'sum')).toBe(12);
    expect(reduce(xs, 'count')).toBe(3);
    expect(reduce([null], 'last')).toBeNull();
  });
});

describe('threshold', () => {
  it('maps values to 1/0 and keeps no-data as null', () => {
    expect(threshold(0.95, 'gt', [0.9])).toBe(1);
    expect(threshold(0.9, 'gt', [0.9])).toBe(0);
    expect(threshold(0, 'lt', [1])).toBe(1);
    expect(threshold(5, 'within_range', [1, 10])).toBe(1);
    expect(threshold(5, 'outside_range', [1, 10])).toBe(0);
    expect(threshold(null, 'gt', [0])).toBeNull();
  });
});

describe('math', () => {
  it('respects precedence: comparisons bind looser than arithmetic, && looser than comparisons', () => {
    const v = (value: number) => [{ labels: { model: 'm' }, value }];
    expect(evalMath('$B > 5 && $B > 1.5 * $C', { B: v(12), C: v(6) })[0]!.value).toBe(1);
    expect(evalMath('$B > 5 && $B > 1.5 * $C', { B: v(12), C: v(10) })[0]!.value).toBe(0);
    expect(evalMath('($B - $C) / 2', { B: v(10), C: v(4) })[0]!.value).toBe(3);
    expect(() => parseMath('$A >> 3')).toThrow(/unexpected/);
    expect(() => parseMath('$A @ 3')).toThrow(/cannot parse/);
  });

  it('joins two reduced sets on labels, pairing each GPU with itself', () => {
    const C = [
      { labels: { hostname: 'h', gpu: '0' }, value: 0.01 },
      { labels: { hostname: 'h', gpu: '1' }, value: 0.7 },
    ];
    const D = [
      { labels: { hostname: 'h', gpu: '0' }, value: 0.8 },
      { labels: { hostname: 'h', gpu: '1' }, value: 0.8 },
    ];
    expect(evalMath('$C < 0.05 && $D > 0.1', { C, D })).toEqual([
      { labels: { hostname: 'h', gpu: '0' }, value: 1 },
      { labels: { hostname: 'h', gpu: '1' }, value: 0 },
    ]);
  });
});

describe('evaluateRule', () => {
  const rule: ProvisionedRule = {
    uid: 'r',
    title: 'r',
    condition: 'C',
    data: [
      { refId: 'A', datasourceUid: 'llmops-ds', model: {} },
      { refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'mean' } },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [0.9] } }] },
      },
    ],
  };

  it('fires only for the series whose reduced value crosses the threshold', () => {
    const out = evaluateRule(rule, {
      A: [
        { labels: { instance: 'a' }, values: [0.95, 0.97, 0.99] },
        { labels: { instance: 'b' }, values: [0.5, 0.6, 0.99] },
        { labels: { instance: 'c' }, values: [null, null] },
      ],
    });
    expect(out).toEqual([
      { labels: { instance: 'a' }, state: 'alerting' },
      { labels: { instance: 'b' }, state: 'normal' },
      { labels: { instance: 'c' }, state: 'nodata' },
    ]);
  });
});
