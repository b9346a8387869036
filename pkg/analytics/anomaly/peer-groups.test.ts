import { describe, expect, it } from 'vitest';
import { describePeerEvent } from './peer-describe';
import { alignSeries, peerGroups } from './peer-groups';
import { peerOutliers } from './peers';

describe('peer groups and alignment', () => {
  it('groups series by the group-by labels', () => {
    const labels: Array<Record<string, string>> = [
      { model: 'a', instance: '1' },
      { model: 'b', instance: '2' },
      { model: 'a', instance: '3' },
      { instance: '4' },
    ];
    expect(peerGroups(labels, ['model'])).toEqual([
      { key: { model: 'a' }, members: [0, 2] },
      { key: { model: 'b' }, members: [1] },
      { key: { model: '' }, members: [3] },
    ]);
    expect(peerGroups(labels, ['model', 'instance'])).toHaveLength(4);
    expect(() => peerGroups(labels, [])).toThrow(/at least one label/);
  });

  it('aligns series on the union of their timestamps, NaN where one has no value', () => {
    const { times, rows } = alignSeries([
      { times: [0, 15, 30], values: [1, null, 3] },
      { times: [15, 45], values: [2, 4] },
    ]);
    expect(Array.from(times)).toEqual([0, 15, 30, 45]);
    expect(Array.from(rows[0])).toEqual([1, NaN, 3, NaN]);
    expect(Array.from(rows[1])).toEqual([NaN, 2, NaN, 4]);
    expect(() => alignSeries([{ times: [0, 1], values: [1] }])).toThrow(/2 timestamps but 1 values/);
  });
});

describe('describePeerEvent', () => {
  const t0 = Date.UTC(2026, 11, 7, 10, 0);
  const times = Array.from({ length: 400 }, (_, i) => t0 + i * 15_000);

  it('says who departs from how many peers, by how much and since when', () => {
    const rows = Array.from({ length: 8 }, (_, i) => new Float64Array(400).fill(i === 5 ? 0 : 0.3 + 0.001 * i));
    for (let t = 0; t < 400; t++) rows[5][t] = t >= 168 ? 0.63 : 0.3;
    const r = peerOutliers(rows);
    expect(r.events).toHaveLength(1);
    // Point 168 is 42 minutes after 10:00.
    expect(describePeerEvent(r.events[0], { times, entity: 'instance gpu-node-3:8000', group: 'serving model llama-3-70b' })).toBe(
      'instance gpu-node-3:8000 departs from its 7 peers serving model llama-3-70b: ×2.1 their median since 10:42 UTC, ongoing'
    );
  });

  it('uses a difference for temperatures and names the end of a past departure', () => {
    const rows = Array.from({ length: 8 }, (_, i) => new Float64Array(400).fill(60 + (i % 3)));
    for (let t = 40; t < 200; t++) rows[2][t] = 76;
    const r = peerOutliers(rows, { minRelativeEffect: 0, minAbsoluteEffect: 5 });
    const text = describePeerEvent(r.events[0], { times, entity: 'GPU 2 on gpu-node-1', deltaUnit: '°C' });
    expect(text).toMatch(/^GPU 2 on gpu-node-1 departs from its 7 peers: \+15 °C from their median since 10:10 UTC until 10:5\d UTC$/);
  });
});
