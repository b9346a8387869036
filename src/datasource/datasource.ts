import {
  type AnnotationSupport,
  type CoreApp,
  type DataFrame,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';

import { framesToAnnotations } from './annotations';
import { interpolateQuery } from './interpolation';
import { isRunnable } from './queryValidation';
import { Resources } from './resources';
import { DEFAULT_QUERY, type LlmOpsJsonData, type LlmOpsQuery, type LlmOpsVariableQuery } from './types';
import { parseVariableQuery, runVariableQuery } from './variableQuery';
import { LlmOpsVariableSupport } from './variableSupport';

export const DEFAULT_ANNOTATION_QUERY: Partial<LlmOpsQuery> = {
  queryType: 'anomaly',
  source: { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] },
  detector: { sensitivity: 0.5 },
};

export class DataSource extends DataSourceWithBackend<LlmOpsQuery, LlmOpsJsonData> {
  readonly resources: Resources;

  constructor(instanceSettings: DataSourceInstanceSettings<LlmOpsJsonData>) {
    super(instanceSettings);
    this.resources = new Resources((path, params) => this.getResource(path, dropEmpty(params)));
    this.variables = new LlmOpsVariableSupport(this);
    this.annotations = annotationSupport;
  }

  getDefaultQuery(_app: CoreApp): Partial<LlmOpsQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: LlmOpsQuery): boolean {
    return !query.hide && isRunnable(query);
  }

  applyTemplateVariables(query: LlmOpsQuery, scopedVars: ScopedVars): LlmOpsQuery {
    const templateSrv = getTemplateSrv();
    return interpolateQuery(query, (text, format) => templateSrv.replace(text, scopedVars, format as never));
  }

  async metricFindQuery(query: LlmOpsVariableQuery | string): Promise<MetricFindValue[]> {
    const parsed = parseVariableQuery(query);
    const interpolated: LlmOpsVariableQuery = {
      ...parsed,
      label: parsed.label && getTemplateSrv().replace(parsed.label),
      signal: parsed.signal && getTemplateSrv().replace(parsed.signal),
      service: parsed.service && getTemplateSrv().replace(parsed.service),
    };
    const values = await runVariableQuery(interpolated, this.resources);
    return values.map((text) => ({ text, value: text }));
  }
}

const annotationSupport: AnnotationSupport<LlmOpsQuery> = {
  getDefaultQuery: () => DEFAULT_ANNOTATION_QUERY,
  prepareAnnotation: (anno) => {
    // Legacy annotations keep their query at the top level; move it into `target`.
    if (!anno.target) {
      anno.target = { refId: 'Anno', ...DEFAULT_ANNOTATION_QUERY } as LlmOpsQuery;
    }
    return anno;
  },
  processEvents: (_anno, frames: DataFrame[]) => of(framesToAnnotations(frames)),
};

function dropEmpty(params?: Record<string, string | number | undefined>) {
  if (!params) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
}
