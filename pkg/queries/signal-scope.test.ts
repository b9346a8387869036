// Scrape-health signals read only the datasource's target jobs (jsonData.targetJobs).
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../datasource/settings';
import { buildSignal } from '../signals/build';
import { SIGNAL_BY_ID } from '../signals/catalog';
import { scopedFilters } from './signal';

describe('scopedFilters', () => {
  it('adds job =~ targetJobs to scrape signals only', () => {
    expect(scopedFilters('scrape', {}, 'vllm|dcgm-exporter')).toEqual({ job: { op: '=~', value: 'vllm|dcgm-exporter' } });
    expect(scopedFilters('serving', {}, 'vllm')).toEqual({});
    expect(scopedFilters('scrape', {}, undefined)).toEqual({});
  });

  it("keeps a user's own job filter", () => {
    expect(scopedFilters('scrape', { job: 'sglang' }, 'vllm|sglang')).toEqual({ job: 'sglang' });
  });

  it('ends up in the PromQL of up, targets_down and targets_missing', () => {
    for (const id of ['up', 'targets_down', 'targets_missing'] as const) {
      const built = buildSignal({
        def: SIGNAL_BY_ID.get(id)!,
        groupBy: ['job', 'instance'],
        filters: scopedFilters('scrape', {}, 'vllm|sglang'),
        rateWindow: '1m',
        available: { families: new Set(['scrape' as const]), hasMetric: (m: string) => m === 'up', familyLabels: () => undefined },
      });
      expect(built.expr, id).toContain('job=~"vllm|sglang"');
    }
  });
});

describe('jsonData.targetJobs', () => {
  const base = { url: 'http://prom:9090', jsonData: {} as Record<string, unknown> };
  it('is optional and read as a regex', () => {
    const ok = parseSettings({ ...base, jsonData: { targetJobs: 'vllm|sglang' } } as never);
    expect(ok.ok && ok.settings.targetJobs).toBe('vllm|sglang');
    const none = parseSettings(base as never);
    expect(none.ok && none.settings.targetJobs).toBeUndefined();
  });

  it('rejects a regex Prometheus cannot run, naming the setting', () => {
    const bad = parseSettings({ ...base, jsonData: { targetJobs: 'vllm(?!x)' } } as never);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join(' ')).toMatch(/jsonData\.targetJobs.*lookarounds/);
  });
});
