import { describe, expect, it } from 'vitest';
import { CANDIDATE_SIGNALS, GPU_GROUP, SERVING_GROUP } from './candidates';
import { fitsSelector, labelValues, MAX_SCOPE_VALUES, podsOf, scopedRequest, scopeFor } from './scope';

const series = (labels: Record<string, string>) => ({ signal: 'request_rate', labels, times: [0], values: [1] });
const serving = CANDIDATE_SIGNALS.find((c) => c.groupBy === SERVING_GROUP)!;
const gpu = CANDIDATE_SIGNALS.find((c) => c.groupBy === GPU_GROUP)!;
const up = CANDIDATE_SIGNALS.find((c) => c.signal === 'up')!;

describe('scopeFor', () => {
  it('places an incident on its serving entity', () => {
    expect(scopeFor({ engine: 'vllm', instance: 'a:8000' })).toEqual({ kind: 'entity', entity: { instance: 'a:8000' } });
    expect(scopeFor({ engine: 'vllm', model: 'm' })).toEqual({ kind: 'entity', entity: { model: 'm' } });
  });
  it('treats an incident without model, instance or pod as fleet-wide', () => {
    expect(scopeFor({ engine: 'vllm' })).toEqual({ kind: 'aggregate' });
    expect(scopeFor({})).toEqual({ kind: 'aggregate' });
  });
  it('fetches the whole fleet without an incident or for a GPU or host incident', () => {
    expect(scopeFor(undefined)).toEqual({ kind: 'fleet' });
    expect(scopeFor({ hostname: 'h', gpu: '0' })).toEqual({ kind: 'fleet' });
    expect(scopeFor({ hostname: 'h' })).toEqual({ kind: 'fleet' });
  });
});

describe('scopedRequest', () => {
  const entity = scopeFor({ model: 'm' });
  it('filters serving signals by model and GPU signals by pod', () => {
    expect(scopedRequest(serving, entity, { models: ['m', 'n'] })?.filters).toEqual({ model: ['m', 'n'] });
    expect(scopedRequest(gpu, entity, { pods: ['p1', 'p2'] })?.filters).toEqual({ pod: ['p1', 'p2'] });
    expect(scopedRequest(up, entity, { models: ['m'], pods: ['p'] })).toBe(up);
  });
  it('fetches no GPU signal when no pod can name the GPUs', () => {
    expect(scopedRequest(gpu, entity, { pods: [] })).toBeUndefined();
  });
  it('aggregates per model and per GPU model for a fleet-wide incident', () => {
    expect(scopedRequest(serving, { kind: 'aggregate' }, {})?.groupBy).toEqual(['model']);
    expect(scopedRequest(gpu, { kind: 'aggregate' }, {})?.groupBy).toEqual(['gpu_model']);
    expect(scopedRequest(serving, { kind: 'fleet' }, {})).toBe(serving);
  });
});

describe('neighbourhood values', () => {
  it('names the pods of the serving series by pod label and by instance host', () => {
    expect(podsOf([series({ instance: 'a:8000', pod: 'pa' }), series({ instance: 'b:8000' })])).toEqual(['a', 'b', 'pa']);
  });
  it('lists distinct models, every rename included', () => {
    expect(labelValues([series({ model: 'm2' }), series({ model: 'm1' }), series({ model: 'm2' }), series({})], 'model')).toEqual(['m1', 'm2']);
  });
  it('keeps selectors bounded', () => {
    expect(fitsSelector([])).toBe(false);
    expect(fitsSelector(Array.from({ length: MAX_SCOPE_VALUES }, (_, i) => String(i)))).toBe(true);
    expect(fitsSelector(Array.from({ length: MAX_SCOPE_VALUES + 1 }, (_, i) => String(i)))).toBe(false);
  });
});
