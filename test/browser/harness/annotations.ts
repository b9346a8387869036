/**
 * Runs a datasource's annotation support the way Grafana's dashboard annotation runner does: default
 * query, prepareAnnotation, prepareQuery (the standard one returns `target`), one query with refId
 * `Anno` over the given range, then processEvents on the returned frames.
 */
import { dateTime, type AnnotationEvent, type AnnotationQuery, type DataFrame, type DataQuery, type DataSourceApi } from '@grafana/data';
import { lastValueFrom, of } from 'rxjs';

export interface AnnotationRun {
  events: Array<Pick<AnnotationEvent, 'time' | 'timeEnd' | 'text' | 'isRegion' | 'tags'>>;
  frames: Array<{ name?: string; dataTopic?: string; length: number }>;
}

export async function runAnnotations(ds: DataSourceApi, target: DataQuery, fromMs: number, toMs: number): Promise<AnnotationRun> {
  const support = ds.annotations;
  if (!support?.processEvents || !support.prepareAnnotation) {
    throw new Error('the datasource has no annotation support with processEvents');
  }
  const saved: AnnotationQuery<DataQuery> = { name: 'Anomalies', enable: true, iconColor: 'red', target };
  const anno = support.prepareAnnotation({ ...(support.getDefaultQuery?.() ?? {}), ...saved } as AnnotationQuery<DataQuery>);
  const query = support.prepareQuery ? support.prepareQuery(anno) : anno.target;
  if (!query) {
    throw new Error('prepareQuery returned no query');
  }
  const from = dateTime(fromMs);
  const to = dateTime(toMs);
  const resp = await lastValueFrom(
    ds.query({
      requestId: 'harness-annotations',
      interval: '1m',
      intervalMs: 60_000,
      maxDataPoints: 300,
      range: { from, to, raw: { from, to } },
      scopedVars: {},
      targets: [{ ...query, refId: 'Anno' }],
      timezone: 'utc',
      app: 'dashboard',
      startTime: Date.now(),
    }) as never
  );
  const r = resp as { data: DataFrame[]; errors?: Array<{ message?: string }> };
  if (r.errors?.length) {
    throw new Error(`annotation query failed: ${r.errors.map((e) => e.message).join('; ')}`);
  }
  const events = await lastValueFrom(support.processEvents(anno, r.data) ?? of([]));
  return {
    events: (events ?? []).map((e) => ({ time: e.time, timeEnd: e.timeEnd, text: e.text, isRegion: e.isRegion, tags: e.tags })),
    frames: r.data.map((f) => ({ name: f.name, dataTopic: f.meta?.dataTopic, length: f.length })),
  };
}
