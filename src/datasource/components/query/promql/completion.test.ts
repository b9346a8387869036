import { describe, expect, it } from 'vitest';
import { completionContext, nameItems } from './completion';

describe('PromQL completion context', () => {
  it('completes names outside brackets, keeping colons of metric names', () => {
    expect(completionContext('sum(rate(vllm:num_')).toEqual({ kind: 'name', prefix: 'vllm:num_' });
    expect(completionContext('')).toEqual({ kind: 'name', prefix: '' });
    expect(completionContext('rate(x[$__rate_interval]) / $__ra')).toEqual({ kind: 'name', prefix: '$__ra' });
  });
  it('completes label names inside a selector or a by/without clause', () => {
    expect(completionContext('vllm:num_requests_running{model_name="a", ins')).toEqual({ kind: 'label', prefix: 'ins', metric: 'vllm:num_requests_running' });
    expect(completionContext('sum by (mod')).toEqual({ kind: 'label', prefix: 'mod' });
    expect(completionContext('sum(x) by (')).toEqual({ kind: 'label', prefix: '' });
  });
  it('completes label values after an operator and an opening quote, ignoring quoted brackets', () => {
    expect(completionContext('up{job=~"vl')).toEqual({ kind: 'labelValue', label: 'job', prefix: 'vl', metric: 'up' });
    expect(completionContext('up{job="a}b", instance="')).toEqual({ kind: 'labelValue', label: 'instance', prefix: '', metric: 'up' });
  });
  it('completes durations inside a range', () => {
    expect(completionContext('rate(x[5')).toEqual({ kind: 'duration', prefix: '5' });
  });
  it('lists metrics first, then functions, aggregations and macros', () => {
    const items = nameItems('ra', ['rabbit_up', 'vllm:x']);
    expect(items.map((i) => i.label)).toEqual(['rabbit_up', 'rad', 'rate']);
    expect(items[2]).toMatchObject({ kind: 'function', insertText: 'rate(' });
    expect(nameItems('$__r', []).map((i) => i.label)).toEqual(['$__rate_interval', '$__range', '$__range_s', '$__range_ms']);
  });
});
