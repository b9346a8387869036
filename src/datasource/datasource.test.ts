import { FieldType, createDataFrame, type DataSourceInstanceSettings } from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';

import { installBackendSrv } from '../test-utils/grafana';
import { DataSource } from './datasource';
import type { LlmOpsJsonData } from './types';

const settings = { uid: 'llmops', name: 'LLM Ops', type: 'llmops-observability-datasource', jsonData: {}, meta: { id: 'llmops-observability-datasource' } } as unknown as DataSourceInstanceSettings<LlmOpsJsonData>;

/** templateSrv that knows one multi-value variable `$model`. */
function installTemplateSrv() {
  setTemplateSrv({
    replace: (text?: string, _vars?: unknown, format?: unknown) =>
      (text ?? '').replace(/\$model/g, () => (typeof format === 'function' ? format(['a.b', 'c'], { multi: true }) : 'a.b,c')),
    getVariables: () => [],
    containsTemplate: (t?: string) => Boolean(t?.includes('$')),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv);
}

describe('DataSource', () => {
  beforeEach(installTemplateSrv);

  it('interpolates PromQL with regex-escaped multi values', () => {
    const ds = new DataSource(settings);
    const q = ds.applyTemplateVariables({ refId: 'A', queryType: 'promql', expr: 'up{model=~"$model"}' }, {});
    expect(q.expr).toBe('up{model=~"(a\\\\.b|c)"}');
  });

  it('filters out hidden and incomplete queries', () => {
    const ds = new DataSource(settings);
    expect(ds.filterQuery({ refId: 'A', queryType: 'signal', signal: 'ttft' })).toBe(true);
    expect(ds.filterQuery({ refId: 'A', queryType: 'signal', signal: 'ttft', hide: true })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'promql', expr: ' ' })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'cost', view: 'summary' })).toBe(true);
  });

  it('answers variable queries from the label-values resource', async () => {
    const requests = installBackendSrv({ '/api/datasources/uid/llmops/resources/signal-label-values': () => ({ data: ['qwen', 'llama'] }) });
    const ds = new DataSource(settings);
    expect(await ds.metricFindQuery('label_values(model)')).toEqual([
      { text: 'llama', value: 'llama' },
      { text: 'qwen', value: 'qwen' },
    ]);
    expect(requests[0].url).toBe('/api/datasources/uid/llmops/resources/signal-label-values');
  });

  it('turns anomaly frames into annotation windows', async () => {
    const ds = new DataSource(settings);
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2, 3] },
        { name: 'flag', type: FieldType.number, values: [0, 1, 0], labels: { model: 'm' } },
      ],
    });
    const events = await lastValueFrom(ds.annotations!.processEvents!({} as never, [frame]));
    expect(events).toEqual([expect.objectContaining({ time: 2, timeEnd: 2, isRegion: true, text: 'Anomaly in model=m' })]);
    expect(ds.annotations!.getDefaultQuery!()).toMatchObject({ queryType: 'anomaly' });
  });
});
