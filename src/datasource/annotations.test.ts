import { FieldType, createDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { anomalyWindows, framesToAnnotations } from './annotations';

describe('anomaly annotations', () => {
  const frame = createDataFrame({
    name: 'ttft',
    fields: [
      { name: 'time', type: FieldType.time, values: [0, 10, 20, 30, 40, 50] },
      { name: 'value', type: FieldType.number, values: [1, 9, 9, 1, 1, 8], labels: { model: 'llama' } },
      { name: 'score', type: FieldType.number, values: [0.1, 0.7, 0.95, 0.1, 0.2, 0.8] },
      { name: 'flag', type: FieldType.number, values: [0, 1, 1, 0, 0, 1] },
    ],
  });

  it('turns runs of flagged points into region annotations', () => {
    const events = anomalyWindows(frame);
    expect(events.map((e) => [e.time, e.timeEnd])).toEqual([
      [10, 20],
      [50, 50],
    ]);
    expect(events[0].text).toBe('Anomaly in model=llama (peak score 0.95)');
    expect(events[0].isRegion).toBe(true);
  });

  it('ignores frames without a flag field and reads ready-made annotation frames', () => {
    const plain = createDataFrame({ fields: [{ name: 'time', type: FieldType.time, values: [1] }] });
    const ready = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [100] },
        { name: 'timeEnd', type: FieldType.time, values: [200] },
        { name: 'text', type: FieldType.string, values: ['KV cache'] },
      ],
    });
    expect(framesToAnnotations([plain, ready])).toEqual([{ time: 100, timeEnd: 200, isRegion: true, text: 'KV cache', tags: ['anomaly'] }]);
  });
});
