import { describe, expect, it } from 'vitest';
import { QueryError } from '../grafana/errors';
import { createDatasourceInstance } from '../datasource/instance';
import { testQuery, testTimestamps, testValue } from './test-query';
import type { QueryContext } from './types';

function ctx(query: Record<string, unknown>): QueryContext {
  return {
    refId: 'A',
    query,
    range: { from: 1_700_000_000_000, to: 1_700_000_600_000 },
    intervalMs: 60_000,
    maxDataPoints: 1000,
    fromAlert: false,
    instance: createDatasourceInstance(undefined),
    signal: new AbortController().signal,
  };
}

describe('test query type', () => {
  it('returns one timeseries-multi frame per series, deterministic', async () => {
    const frames = await testQuery(ctx({ seriesCount: 3, points: 5 }));
    expect(frames).toHaveLength(3);
    expect(frames[1]).toMatchObject({
      name: 'series-1',
      meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      fields: [
        { name: 'time', type: 'time' },
        { name: 'value', type: 'number', labels: { series: 's1' } },
      ],
    });
    expect(Array.from(frames[0]!.fields[0]!.values)).toEqual(testTimestamps(1_700_000_000_000, 1_700_000_600_000, 5));
    expect(Array.from(frames[0]!.fields[0]!.values)).toEqual([
      1_700_000_000_000, 1_700_000_150_000, 1_700_000_300_000, 1_700_000_450_000, 1_700_000_600_000,
    ]);
    expect(await testQuery(ctx({ seriesCount: 3, points: 5 }))).toEqual(frames);
  });

  it('defaults to one point per interval (range 10 min / 1 min → 11)', async () => {
    const [frame] = await testQuery(ctx({}));
    expect(frame!.fields[0]!.values).toHaveLength(11);
  });

  it('instant: numeric-multi frames with one value at the end of the range', async () => {
    const frames = await testQuery(ctx({ seriesCount: 2, instant: true, unit: 'percent' }));
    expect(frames.map((f) => f.meta?.type)).toEqual(['numeric-multi', 'numeric-multi']);
    expect(frames[1]!.fields).toEqual([
      {
        name: 'value',
        type: 'number',
        values: [testValue(1, 1_700_000_600_000)],
        labels: { series: 's1' },
        config: { unit: 'percent' },
      },
    ]);
  });

  it('is sized to the per-query caps before anything is generated', async () => {
    const frames = await testQuery(ctx({ seriesCount: 1000, points: 100_000 }));
    expect(frames).toHaveLength(20); // default 2,000,000 points per query
    expect(frames[0]!.meta?.notices?.[0]?.text).toMatch(/^Showing 20 of 1000 series/);
    expect(frames[1]!.meta?.notices).toBeUndefined();
  });

  it('rejects bad fields with a 400 naming each field', async () => {
    const err = await testQuery(ctx({ seriesCount: 0, points: 'many' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ status: 400, source: 'plugin' });
    expect((err as Error).message).toMatch(/^invalid test query: seriesCount: .*; points: /);
  });
});
