import { DataTopic, FieldType, createDataFrame } from '@grafana/data';
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

  it('draws each window once when the backend sends an annotations frame next to the flagged series', () => {
    // What the anomaly query returns: the series with its flags, plus the same windows as annotations.
    const windows = createDataFrame({
      meta: { dataTopic: DataTopic.Annotations },
      fields: [
        { name: 'time', type: FieldType.time, values: [10, 50] },
        { name: 'timeEnd', type: FieldType.time, values: [20, 50] },
        { name: 'text', type: FieldType.string, values: ['Anomaly in model=llama', 'Anomaly in model=llama'] },
      ],
    });
    const events = framesToAnnotations([frame, windows]);
    expect(events.map((e) => [e.time, e.timeEnd])).toEqual([
      [10, 20],
      [50, 50],
    ]);
    // Without the annotations frame the flag runs still give the windows.
    expect(framesToAnnotations([frame]).map((e) => [e.time, e.timeEnd])).toEqual([
      [10, 20],
      [50, 50],
    ]);
  });

  it('uses the evidence text, not the title, as the body when the backend frame has both', () => {
    // The backend's annotations frame lists `title` before `text`.
    const windows = createDataFrame({
      meta: { dataTopic: DataTopic.Annotations },
      fields: [
        { name: 'time', type: FieldType.time, values: [10] },
        { name: 'timeEnd', type: FieldType.time, values: [20] },
        { name: 'title', type: FieldType.string, values: ['Anomaly: TTFT p95'] },
        { name: 'text', type: FieldType.string, values: ['Peak anomaly score 0.95 (threshold 0.3)'] },
      ],
    });
    const [event] = framesToAnnotations([windows]);
    expect(event.title).toBe('Anomaly: TTFT p95');
    expect(event.text).toBe('Peak anomaly score 0.95 (threshold 0.3)');
  });
});
