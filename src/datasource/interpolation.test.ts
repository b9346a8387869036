import { describe, expect, it } from 'vitest';

import { escapePromqlString, escapeRegex, filterFormat, interpolateQuery, promqlFormat, type Replace } from './interpolation';

/** A tiny templateSrv.replace stand-in: $var -> format(value, variable). */
function replacer(vars: Record<string, { value: string | string[]; multi?: boolean; includeAll?: boolean }>): Replace {
  return (text, format) =>
    text.replace(/\$(\w+)/g, (m, name: string) => {
      const v = vars[name];
      if (!v) {
        return m;
      }
      return format ? format(v.value, v) : Array.isArray(v.value) ? v.value.join(',') : v.value;
    });
}

describe('PromQL escaping', () => {
  it('escapes backslashes and double quotes for single values', () => {
    expect(escapePromqlString('a"b\\c')).toBe('a\\"b\\\\c');
    expect(promqlFormat('my"model', { multi: false })).toBe('my\\"model');
  });

  it('regex-escapes multi values, joins them with | and string-escapes the result', () => {
    expect(escapeRegex('llama-3.1+x')).toBe('llama-3\\.1\\+x');
    expect(promqlFormat(['llama-3.1', 'qwen(7b)'], { multi: true })).toBe('(llama-3\\\\.1|qwen\\\\(7b\\\\))');
    expect(promqlFormat(['only.one'], { multi: true })).toBe('only\\\\.one');
  });

  it('formats string filters as exact values or a /regex/ alternation, as pkg/model reads them', () => {
    expect(filterFormat(['a.b', 'c'], { multi: true })).toBe('/a\\.b|c/');
    expect(filterFormat('x"y', {})).toBe('x"y');
  });
});

describe('interpolateQuery', () => {
  it('interpolates the aggregation of a query and of a root-cause target', () => {
    const replace = replacer({ agg: { value: 'p99' } });
    const q = interpolateQuery({ refId: 'A', queryType: 'rootcause', target: { queryType: 'signal', signal: 'ttft', aggregation: '$agg' as never } } as never, replace);
    expect((q as { target: { aggregation: string } }).target.aggregation).toBe('p99');
    expect(interpolateQuery({ refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: '$agg' as never } as never, replace)).toMatchObject({ aggregation: 'p99' });
  });

  it('interpolates array, explicit-matcher and /regex/ filters', () => {
    const replace2 = replacer({ model: { value: ['a.b', 'c'], multi: true }, one: { value: 'x.y' } });
    const out = interpolateQuery(
      { refId: 'A', queryType: 'signal', signal: 'ttft', filters: { model: ['$model', 'd'], engine: { op: '=~', value: '$model' }, pod: { op: '!=', value: '$one' }, gpu: '/$model|7/' } },
      replace2
    );
    expect(out.filters).toEqual({ model: ['a.b', 'c', 'd'], engine: { op: '=~', value: 'a\\.b|c' }, pod: { op: '!=', value: 'x.y' }, gpu: '/a\\.b|c|7/' });
  });

  const replace = replacer({
    model: { value: ['llama-3.1', 'qwen'], multi: true },
    inst: { value: 'vllm-0:8000' },
    sig: { value: 'ttft' },
    svc: { value: 'gateway' },
  });

  it('interpolates expr, filters, groupBy, source and target, traces fields', () => {
    const out = interpolateQuery(
      {
        refId: 'A',
        queryType: 'anomaly',
        expr: 'rate(x{model=~"$model", instance="$inst"}[5m])',
        filters: { model: '$model' },
        groupBy: ['$sig'],
        source: { queryType: 'signal', signal: '$sig', filters: { instance: '$inst' } },
        target: { queryType: 'promql', expr: 'up{instance="$inst"}' },
        service: '$svc',
        tags: { 'http.route': '/v1/$svc' },
      },
      replace
    );
    expect(out.expr).toBe('rate(x{model=~"(llama-3\\\\.1|qwen)", instance="vllm-0:8000"}[5m])');
    expect(out.filters).toEqual({ model: '/llama-3\\.1|qwen/' });
    expect(out.groupBy).toEqual(['ttft']);
    expect(out.source).toMatchObject({ signal: 'ttft', filters: { instance: 'vllm-0:8000' } });
    expect(out.target?.expr).toBe('up{instance="vllm-0:8000"}');
    expect(out.service).toBe('gateway');
    expect(out.tags).toEqual({ 'http.route': '/v1/gateway' });
    expect(out).not.toHaveProperty('traceId');
  });
});
