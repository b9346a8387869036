import { describe, expect, it } from 'vitest';
import { anomalousRuns, latestIncident } from './incident';
import type { SignalSeries } from './types';

const s = (values: number[]): SignalSeries => ({ signal: 'ttft', labels: {}, times: values.map((_, i) => i * 60_000), values });

describe('anomalousRuns / latestIncident', () => {
  // median 1, IQR 0 → floor 0.05; threshold 4 → |x − 1| ≥ 0.2 is flagged
  const values = [1, 1, 1, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 6, 7, 1, 6, 1, 1];
  it('groups flagged points into runs, bridging short gaps, and drops single spikes', () => {
    const runs = anomalousRuns(s(values));
    expect(runs).toEqual([{ start: 14 * 60_000, end: 17 * 60_000, peak: 120, points: 3, series: 0 }]);
    expect(anomalousRuns(s(values), { minPoints: 1 })).toHaveLength(2);
  });
  it('picks the latest run across series', () => {
    const early = s([1, 1, 1, 9, 9, 1, 1, 1, 1, 1, 1, 1]);
    const late = s([1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 4, 1]);
    expect(latestIncident([early, late])).toMatchObject({ start: 9 * 60_000, end: 10 * 60_000, series: 1 });
    expect(latestIncident([s([1, 1, 1, 1])])).toBeNull();
  });
});
