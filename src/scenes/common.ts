/** Pieces every app page shares: the time picker, refresh picker and variable bar, and panel helpers. */
import {
  QueryVariable,
  SceneControlsSpacer,
  SceneDataTransformer,
  SceneFlexItem,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  VariableValueSelectors,
  type CustomTransformOperator,
  type SceneObject,
} from '@grafana/scenes';

import { VariableRefresh } from '@grafana/schema';

import type { LlmOpsQuery } from '../datasource/types';
import { prefixRoute } from '../utils/routing';
import { datasourceRef } from './queries';

export const DEFAULT_RANGE = { from: 'now-6h', to: 'now' };

export const timeRange = () => new SceneTimeRange({ ...DEFAULT_RANGE });

/** The multi-value Model variable (label values of `model` from the datasource), All by default. */
export const modelVariable = (dsUid: string, opts: { description?: string; refresh: VariableRefresh }) =>
  new QueryVariable({
    name: 'model',
    label: 'Model',
    description: opts.description,
    datasource: datasourceRef(dsUid),
    query: { refId: 'model', kind: 'label-values', label: 'model' } as never,
    isMulti: true,
    includeAll: true,
    defaultToAll: true,
    refresh: opts.refresh,
  });

/** Variables left, Grafana's time and refresh pickers right, as on a dashboard. */
export const pageControls = (): SceneObject[] => [
  new VariableValueSelectors({}),
  new SceneControlsSpacer(),
  new SceneTimePicker({ isOnCanvas: true }),
  new SceneRefreshPicker({ isOnCanvas: true, intervals: ['30s', '1m', '5m', '15m'] }),
];

export function queryRunner(dsUid: string, queries: LlmOpsQuery[], o: { maxDataPoints?: number } = {}) {
  return new SceneQueryRunner({ datasource: datasourceRef(dsUid), queries, maxDataPoints: o.maxDataPoints ?? 300 });
}

export function transformed(dsUid: string, queries: LlmOpsQuery[], operator: CustomTransformOperator) {
  return new SceneDataTransformer({ $data: queryRunner(dsUid, queries), transformations: [operator] });
}

export const item = (body: SceneObject, size: { height?: number | string; minWidth?: number | string; width?: number | string; minHeight?: number | string } = {}) =>
  new SceneFlexItem({ body, ...size });

/** App URLs of the drill-down pages (shareable: the time range and variables ride along in the query). */
export const urls = {
  model: (model: string) => `${prefixRoute('overview')}/model/${encodeURIComponent(model)}`,
  instance: (model: string, instance: string) => `${urls.model(model)}/instance/${encodeURIComponent(instance)}`,
};
