import { describe, expect, it } from 'vitest';

import { Resources } from './resources';
import { parseVariableQuery, runVariableQuery } from './variableQuery';

describe('parseVariableQuery', () => {
  it('parses the text forms', () => {
    expect(parseVariableQuery('label_values(model)')).toMatchObject({ kind: 'label-values', label: 'model' });
    expect(parseVariableQuery('label_values(ttft, instance)')).toMatchObject({ kind: 'label-values', signal: 'ttft', label: 'instance' });
    expect(parseVariableQuery('operations(gateway)')).toMatchObject({ kind: 'operations', service: 'gateway' });
    expect(parseVariableQuery('signals()')).toMatchObject({ kind: 'signals' });
  });

  it('explains unknown forms', () => {
    expect(() => parseVariableQuery('up{job="x"}')).toThrow(/Unrecognised variable query.*label_values\(label\)/);
    expect(() => parseVariableQuery('label_values()')).toThrow(/needs a label/);
  });
});

describe('runVariableQuery', () => {
  const calls: Array<[string, unknown]> = [];
  const resources = new Resources(async (path, params) => {
    calls.push([path, params]);
    if (path === 'signal-label-values') {
      return { data: ['b', 'a', 'b'] };
    }
    if (path === 'label-values') {
      return { data: ['tenant-x'] };
    }
    if (path === 'signals') {
      return [{ id: 'ttft', available: true }, { id: 'gpu_power', available: false }];
    }
    if (path === 'engines') {
      return { engines: [{ engine: 'vllm', models: ['m1'] }, 'sglang'] };
    }
    return [];
  });

  it('lists label values sorted and unique, passing the signal', async () => {
    expect(await runVariableQuery({ refId: 'v', kind: 'label-values', label: 'model', signal: 'ttft' }, resources)).toEqual(['a', 'b']);
    expect(calls.at(-1)).toEqual(['signal-label-values', { label: 'model', signal: 'ttft' }]);
  });

  it('asks raw Prometheus label values for labels that are not normalized', async () => {
    expect(await runVariableQuery({ refId: 'v', kind: 'label-values', label: 'tenant' }, resources)).toEqual(['tenant-x']);
    expect(calls.at(-1)?.[0]).toBe('label-values');
  });

  it('lists only detected signals and engines', async () => {
    expect(await runVariableQuery({ refId: 'v', kind: 'signals' }, resources)).toEqual(['ttft']);
    expect(await runVariableQuery({ refId: 'v', kind: 'engines' }, resources)).toEqual(['sglang', 'vllm']);
  });

  it('needs a service for operations', async () => {
    await expect(runVariableQuery({ refId: 'v', kind: 'operations' }, resources)).rejects.toThrow(/Choose a service/);
  });
});
