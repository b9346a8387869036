import { describe, expect, it } from 'vitest';
import type { FoundIncident } from '../../analytics/rootcause/find-incident';
import { constituentGroupings, describeIncident } from './incident';

const T = Date.parse('2026-11-20T13:30:00Z');
const found = (over: Partial<FoundIncident>): FoundIncident => ({
  kind: 'shift',
  series: 0,
  signal: 'ttft',
  labels: { model: 'llama', instance: 'vllm-2:8000' },
  start: T,
  end: T + 29 * 60_000,
  direction: 'up',
  baselineMedian: 0.22,
  incidentMedian: 0.89,
  relativeChange: 3.05,
  score: 300,
  ongoing: true,
  ...over,
});

describe('incident helpers', () => {
  it('searches per model and per instance besides the query grouping', () => {
    expect(constituentGroupings(undefined)).toEqual([['model'], ['instance']]);
    expect(constituentGroupings(['model'])).toEqual([['instance']]);
    expect(constituentGroupings(['instance'])).toEqual([['model']]);
    expect(constituentGroupings(['model', 'instance'])).toEqual([['model'], ['instance']]);
  });
  it('says where, since when, and whether it is still going', () => {
    expect(describeIncident(found({}), 60_000)).toBe('ttft rose ×4 on model=llama instance=vllm-2:8000 from 2026-11-20 13:30 UTC, still going (30 min so far)');
    expect(describeIncident(found({ relativeChange: 0.17 }), 60_000)).toMatch(/^ttft rose 17 % on /);
    expect(describeIncident(found({ kind: 'stopped_reporting', labels: {}, ongoing: false, end: T + 9 * 60_000 }), 60_000)).toBe(
      'ttft stopped reporting on fleet from 2026-11-20 13:30 UTC, ended 2026-11-20 13:39 UTC (10 min)'
    );
  });
});
