import { FieldType, createDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { framesFromResponse } from '../../test-utils/frames';
import emptyResponse from './__fixtures__/rootcause-empty-response.json';
import response from './__fixtures__/rootcause-response.json';
import { confidenceLabel, readRootCauseFrames, safeLink, sparkline } from './shape';

describe('readRootCauseFrames', () => {
  const data = readRootCauseFrames(framesFromResponse(response));

  it('ranks hypotheses with confidence, entity, action and time', () => {
    expect(data.hypotheses.map((h) => h.rank)).toEqual([1, 2, 3]);
    expect(data.hypotheses[0]).toMatchObject({ confidence: 0.86, entity: 'model=llama-3.1-70b-instruct instance=vllm-2:8000' });
    expect(data.hypotheses[0].action).toMatch(/max_num_seqs/);
    expect(data.hypotheses[1].firstDeviation).toBe(1764237600000 + 36 * 60000);
  });

  it('links evidence series by the signals column', () => {
    expect(data.hypotheses[0].evidenceSeries.map((s) => s.signal)).toEqual(['kv_cache_usage', 'preemption_rate']);
    expect(data.hypotheses[2].evidenceSeries.map((s) => s.signal)).toEqual(['request_rate']);
    expect(data.hypotheses[0].evidenceSeries[0].labels.instance).toBe('vllm-2:8000');
    expect(data.hypotheses[0].evidenceSeries[0].points).toHaveLength(60);
  });

  it('keeps only http(s) trace links and reads the incident window from meta.custom', () => {
    expect(data.hypotheses[0].traceLink).toMatch(/^http:\/\/127\.0\.0\.1:16686\/trace\//);
    expect(data.hypotheses[1].traceLink).toBeUndefined();
    expect(data.incidentStart).toBe(1764237600000 + 35 * 60000);
    expect(data.incidentEnd).toBe(1764237600000 + 50 * 60000);
  });

  it('returns no hypotheses for an empty table', () => {
    expect(readRootCauseFrames(framesFromResponse(emptyResponse)).hypotheses).toEqual([]);
  });
});

describe('target series', () => {
  it('keeps the analysed signal out of the hypotheses', () => {
    const frames = framesFromResponse(response);
    const target = createDataFrame({
      name: 'evidence:e2e_latency',
      meta: { custom: { role: 'target', incidentStart: 5, incidentEnd: 9 } },
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2] },
        { name: 'e2e_latency', type: FieldType.number, values: [0.5, 2.5], labels: { engine: 'vllm' } },
      ],
    });
    const data = readRootCauseFrames([...frames, target]);
    expect(data.target).toMatchObject({ signal: 'e2e_latency', points: [[1, 0.5], [2, 2.5]] });
    expect(data.hypotheses.flatMap((h) => h.evidenceSeries.map((e) => e.signal))).not.toContain('e2e_latency');
    expect(data.incidentStart).toBe(5);
  });
});

describe('helpers', () => {
  it('drops dangerous links', () => {
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('//evil.example/x')).toBeUndefined();
    expect(safeLink('/explore?x=1')).toBe('/explore?x=1');
  });

  it('draws a sparkline scaled to the box with the incident window', () => {
    const g = sparkline([[0, 0], [50, 10], [100, 5]], 100, 20, { start: 50, end: 100 });
    expect(g.path).toBe('M0.0,18.0 L50.0,2.0 L100.0,10.0');
    expect(g.window).toEqual({ x: 50, width: 50 });
    expect(sparkline([], 100, 20).path).toBe('');
    expect(sparkline([[0, 1], [10, 1]], 100, 20, { start: 500 }).window).toBeUndefined();
  });

  it('labels confidence', () => {
    expect([0.9, 0.5, 0.1].map(confidenceLabel)).toEqual(['high', 'medium', 'low']);
  });
});
