// Trace frames: the search table (with internal links that open one trace) and Grafana's trace frame
// (one row per span, fields as Grafana's TraceSpanRow: traceID, spanID, parentSpanID, operationName,
// serviceName, serviceTags, startTime ms, duration ms, logs, tags, kind, statusCode …).
import type { Field, Frame, JsonValue } from '../../grafana/frame';
import type { Trace, TraceSummary } from '../../upstream/trace-model';

/**
 * Grafana's Go SDK sends serviceTags/tags/logs as json.RawMessage (Arrow Binary), which the browser
 * receives as real arrays; our `json` field type encodes exactly that.
 */
const json = (name: string, values: JsonValue[]): Field => ({ name, type: 'json', values });

export function traceFrame(trace: Trace, refId: string): Frame {
  // Parents before children, then by start: the order the trace view expects to render a tree.
  const spans = [...trace.spans].sort((a, b) => a.startTime - b.startTime);
  const col = <T>(f: (s: (typeof spans)[number]) => T) => spans.map(f);
  return {
    name: 'Trace',
    refId,
    meta: { preferredVisualisationType: 'trace', custom: { traceFormat: 'jaeger' } },
    fields: [
      { name: 'traceID', type: 'string', values: col((s) => s.traceId) },
      { name: 'spanID', type: 'string', values: col((s) => s.spanId) },
      { name: 'parentSpanID', type: 'string', values: col((s) => s.parentSpanId || null) },
      { name: 'operationName', type: 'string', values: col((s) => s.operationName) },
      { name: 'serviceName', type: 'string', values: col((s) => s.serviceName) },
      json(
        'serviceTags',
        col((s) => s.serviceTags.map(({ key, value }) => ({ key, value })))
      ),
      { name: 'startTime', type: 'number', values: col((s) => s.startTime / 1000) },
      { name: 'duration', type: 'number', values: col((s) => s.duration / 1000), config: { unit: 'ms' } },
      json(
        'logs',
        col((s) =>
          s.logs.map((l) => ({
            timestamp: l.timestamp / 1000,
            fields: l.fields.map(({ key, value }) => ({ key, value })),
            ...(l.name ? { name: l.name } : {}),
          }))
        )
      ),
      json(
        'tags',
        col((s) => s.tags.map(({ key, value }) => ({ key, value })))
      ),
      { name: 'kind', type: 'string', values: col((s) => s.kind) },
      { name: 'statusCode', type: 'int64', values: col((s) => s.statusCode) },
      { name: 'statusMessage', type: 'string', values: col((s) => s.statusMessage) },
      { name: 'instrumentationLibraryName', type: 'string', values: col((s) => s.scopeName) },
      json(
        'warnings',
        col((s) => s.warnings)
      ),
    ],
  };
}

export interface LinkTarget {
  datasourceUid: string;
  datasourceName: string;
}

export function searchFrame(summaries: TraceSummary[], link: LinkTarget, refId: string, executed: string): Frame {
  const rows = [...summaries].sort((a, b) => b.startTimeMs - a.startTimeMs);
  const col = <T>(f: (s: TraceSummary) => T) => rows.map(f);
  return {
    name: 'Traces',
    refId,
    meta: { preferredVisualisationType: 'table', executedQueryString: executed },
    fields: [
      {
        name: 'traceID',
        type: 'string',
        values: col((s) => s.traceId),
        config: {
          displayName: 'Trace ID',
          links: [
            {
              title: 'Open trace',
              url: '',
              internal: { ...link, query: { queryType: 'trace', traceId: '${__value.raw}', refId } },
            },
          ],
        },
      },
      {
        name: 'traceName',
        type: 'string',
        values: col((s) => `${s.rootService}: ${s.rootOperation}`),
        config: { displayName: 'Trace name' },
      },
      { name: 'service', type: 'string', values: col((s) => s.rootService), config: { displayName: 'Root service' } },
      {
        name: 'operation',
        type: 'string',
        values: col((s) => s.rootOperation),
        config: { displayName: 'Root operation' },
      },
      { name: 'startTime', type: 'time', values: col((s) => s.startTimeMs), config: { displayName: 'Start time' } },
      {
        name: 'duration',
        type: 'number',
        values: col((s) => s.durationMs),
        config: { displayName: 'Duration', unit: 'ms' },
      },
      { name: 'spans', type: 'int64', values: col((s) => s.spanCount), config: { displayName: 'Spans' } },
      { name: 'error', type: 'boolean', values: col((s) => s.errorCount > 0), config: { displayName: 'Error' } },
    ],
  };
}
