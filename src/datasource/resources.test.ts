import { describe, expect, it } from 'vitest';

import { toEngines, toSignals, toStrings } from './resources';

describe('resource normalizers', () => {
  it('accepts arrays or keyed objects', () => {
    expect(toStrings(['a', 'b'], 'labels')).toEqual(['a', 'b']);
    expect(toStrings({ labels: ['x', { name: 'y' }, 3] }, 'labels')).toEqual(['x', 'y']);
    expect(toStrings({ other: [] }, 'labels')).toEqual([]);
  });

  it('reads signals with availability, dropping entries without an id', () => {
    expect(toSignals({ signals: [{ id: 'ttft', name: 'Time to first token', unit: 's', available: false }, { name: 'no id' }, 'itl'] })).toEqual([
      { id: 'ttft', name: 'Time to first token', unit: 's', description: undefined, available: false },
      { id: 'itl', name: 'itl', available: true },
    ]);
  });

  it('collects engines, models and GPUs', () => {
    const e = toEngines({ engines: [{ engine: 'vllm', instances: 2, models: ['b', 'a'] }], models: ['c'], gpus: [{ gpu_model: 'H100', count: 8 }, { name: 'L4' }] });
    expect(e.engines).toEqual([{ engine: 'vllm', instances: 2, models: ['b', 'a'] }]);
    expect(e.models).toEqual(['a', 'b', 'c']);
    expect(e.gpus).toEqual([{ gpu_model: 'H100', count: 8 }, { gpu_model: 'L4', count: 1 }]);
  });
});
