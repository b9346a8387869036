import { describe, expect, it } from 'vitest';
import type { SignalSeries } from '../../analytics/rootcause/types';
import { joinGpusToServing } from './join';

const s = (signal: string, labels: Record<string, string>): SignalSeries => ({ signal, labels, times: [0], values: [1] });

describe('joinGpusToServing', () => {
  it('copies model and instance onto GPU series by pod, or by the host part of the instance', () => {
    const serving = s('kv_cache_usage', { model: 'llama', instance: 'vllm-0:8000', pod: 'vllm-0' });
    const podless = s('kv_cache_usage', { model: 'qwen', instance: 'sglang-1:30000' });
    const g0 = s('gpu_utilization', { hostname: 'h1', gpu: '0', pod: 'vllm-0' });
    const g1 = s('gpu_utilization', { hostname: 'h1', gpu: '1', pod: 'sglang-1' });
    const idle = s('gpu_utilization', { hostname: 'h1', gpu: '7', pod: 'nvidia-dcgm-exporter-abc' });
    joinGpusToServing([serving, podless, g0, g1, idle]);
    expect(g0.labels).toEqual({ hostname: 'h1', gpu: '0', pod: 'vllm-0', model: 'llama', instance: 'vllm-0:8000' });
    expect(g1.labels).toMatchObject({ model: 'qwen', instance: 'sglang-1:30000' });
    expect(idle.labels).toEqual({ hostname: 'h1', gpu: '7', pod: 'nvidia-dcgm-exporter-abc' });
    expect(serving.labels).toEqual({ model: 'llama', instance: 'vllm-0:8000', pod: 'vllm-0' });
  });
});
