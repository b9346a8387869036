import { describe, expect, it } from 'vitest';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import { skippedNotices } from './explain';

const temp = SIGNAL_BY_ID.get('gpu_temperature')!;
const ttft = SIGNAL_BY_ID.get('ttft')!;

describe('notices for left-out engines and exporters', () => {
  it('keeps quiet about a GPU exporter missing a metric another exporter answers for', () => {
    const built = {
      expr: 'x',
      aggregation: 'max' as const,
      outputLabels: [],
      families: ['dcgm' as const],
      skipped: [{ family: 'gpu' as const, reason: 'no gpu_temperature_celsius' }],
    };
    expect(skippedNotices(built, temp)).toEqual([]);
  });

  it('explains every left-out exporter when nothing answered', () => {
    const built = {
      expr: undefined,
      aggregation: 'max' as const,
      outputLabels: [],
      families: [],
      skipped: [{ family: 'gpu' as const, reason: 'no gpu_temperature_celsius' }],
    };
    expect(skippedNotices(built, temp)).toEqual([
      {
        severity: 'info',
        text: 'Generic gpu_* metrics: GPU temperature (max) not available (no gpu_temperature_celsius).',
      },
    ]);
  });

  it('always names a serving engine a fleet value leaves out, as information', () => {
    const built = {
      expr: 'x',
      aggregation: 'p95' as const,
      outputLabels: [],
      families: ['vllm' as const],
      skipped: [{ family: 'llamacpp' as const, reason: 'time to first token', absent: true }],
    };
    expect(skippedNotices(built, ttft)).toEqual([
      { severity: 'info', text: 'llama.cpp does not export time to first token.' },
    ]);
  });
});
