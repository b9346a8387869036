import { describe, expect, it } from 'vitest';

import { fillCondition, firesWhen, genericCondition, readableFor, ruleNumbers, type RuleDataStep } from './condition';
import { canonicalJson, durationSeconds, packHash, PACK_HASH_ANNOTATION, type HashableRule } from './packHash';
import { sortRules, targetOf, withoutTemplates, type RuleRow } from './ruleState';

const burn: RuleDataStep[] = [
  { refId: 'A', datasourceUid: 'ds', model: { queryType: 'promql', expr: 'x' } },
  { refId: 'C', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'last' } },
  { refId: 'E', datasourceUid: '__expr__', model: { type: 'math', expression: '$C > 14.4 && $C2 > 6' } },
  {
    refId: 'F',
    datasourceUid: '__expr__',
    model: { type: 'threshold', expression: 'E', conditions: [{ evaluator: { type: 'gt', params: [0] } }] },
  },
];

describe('condition words', () => {
  it('reads the numbers of Math and Threshold steps in order, not the digits of refIds', () => {
    expect(ruleNumbers(burn)).toEqual([14.4, 6, 0]);
  });

  it('fills templates, as percent where asked, and refuses when the rule lacks the numbers', () => {
    expect(fillCondition('burn > {0}× and > {1}×', [14.4, 6, 0])).toBe('burn > 14.4× and > 6×');
    expect(fillCondition('error ratio > {0:%}', [0.01])).toBe('error ratio > 1 %');
    expect(fillCondition('x > {3}', [1])).toBeUndefined();
  });

  it('never shows "> 0" alone when the comparison is in a Math step', () => {
    const text = genericCondition(burn, 'F');
    expect(text).toBe('last of query A > 14.4 and C2 > 6');
    expect(text).not.toMatch(/> 0$/);
    const simple: RuleDataStep[] = [
      { refId: 'A', datasourceUid: 'ds', model: { queryType: 'signal', signal: 'queue_time', aggregation: 'p95' } },
      { refId: 'B', datasourceUid: '__expr__', model: { type: 'reduce', expression: 'A', reducer: 'mean' } },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: { type: 'threshold', expression: 'B', conditions: [{ evaluator: { type: 'gt', params: [2] } }] },
      },
    ];
    expect(firesWhen({ data: simple, condition: 'C', for: '5m' })).toBe('mean of queue time p95 > 2 for 5 m');
  });

  it('reads pending periods as people write them', () => {
    expect(readableFor('5m')).toBe('5 m');
    expect(readableFor('1h30m')).toBe('1 h 30 m');
    expect(readableFor('0s')).toBe('');
    expect(readableFor(300)).toBe('5 m');
  });
});

describe('pack fingerprint', () => {
  const rule: HashableRule = {
    title: 't',
    condition: 'C',
    data: [
      {
        refId: 'A',
        datasourceUid: 'ds',
        relativeTimeRange: { from: 600, to: 0 },
        model: { refId: 'A', intervalMs: 15000, maxDataPoints: 43200, signal: 's' },
      },
      { refId: 'C', datasourceUid: '__expr__', model: { refId: 'C', type: 'threshold', expression: 'A' } },
    ],
    for: '5m',
    noDataState: 'OK',
    execErrState: 'Error',
    labels: { severity: 'P1' },
    annotations: { summary: 's' },
    isPaused: false,
  };

  it('ignores what Grafana adds or reorders on save, and its own annotation', () => {
    const asReturned: HashableRule = {
      ...rule,
      for: '5m0s',
      data: [
        { ...rule.data[0]!, queryType: '' },
        {
          ...rule.data[1]!,
          relativeTimeRange: { from: 0, to: 0 },
          model: { expression: 'A', type: 'threshold', refId: 'C', intervalMs: 1000, maxDataPoints: 43200 },
        },
      ],
      annotations: { [PACK_HASH_ANNOTATION]: 'abc', summary: 's' },
    };
    expect(packHash(asReturned)).toBe(packHash(rule));
  });

  it('changes with anything a person edits', () => {
    const base = packHash(rule);
    expect(packHash({ ...rule, for: '10m' })).not.toBe(base);
    expect(packHash({ ...rule, isPaused: true })).not.toBe(base);
    expect(packHash({ ...rule, labels: { severity: 'P0' } })).not.toBe(base);
    const tuned = structuredClone(rule);
    tuned.data[0]!.model!.signal = 'other';
    expect(packHash(tuned)).not.toBe(base);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
    );
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('5 minutes')).toBeNaN();
  });
});

describe('Alerts page model', () => {
  const row = (title: string, status: RuleRow['status'], severity?: string): RuleRow => ({
    title,
    status,
    severity,
    folder: 'f',
    group: 'g',
    firesWhen: '',
    alerts: [],
  });

  it('sorts firing first, then pending, errors, no data, normal; P0 before P1 before P2', () => {
    const sorted = sortRules([
      row('a', 'normal', 'P0'),
      row('b', 'firing', 'P2'),
      row('c', 'firing', 'P0'),
      row('d', 'pending', 'P1'),
      row('e', 'normal', 'P2'),
      row('f', 'nodata', 'P1'),
    ]);
    expect(sorted.map((r) => r.title)).toEqual(['c', 'b', 'd', 'f', 'a', 'e']);
  });

  it('names what an alert is about from its labels and never shows template text', () => {
    expect(targetOf({ model_name: 'llama', instance: 'vllm-0:8000', alertname: 'x', severity: 'P1' })).toBe(
      'model llama · instance vllm-0:8000'
    );
    expect(targetOf({ alertname: 'x' })).toBe('whole rule');
    expect(withoutTemplates('{{ $labels.model }} fails {{ humanizePercentage $values.C.Value }}')).toBe(
      '‹model› fails …'
    );
  });
});
