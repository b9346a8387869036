/**
 * What Explore shows for query results, reduced to what the tests need: each frame as a table (first
 * rows only) whose internal data links run their query, and a frame with `preferredVisualisationType:
 * trace` as a span tree (depth from parentSpanID, service, operation, duration).
 */
import React from 'react';
import type { DataFrame, DataQuery, Field } from '@grafana/data';

const MAX_ROWS = 50;

interface InternalLink {
  title?: string;
  internal?: { query?: DataQuery };
}

function cellText(field: Field, value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (field.type === 'time') {
    return new Date(Number(value)).toISOString();
  }
  return typeof value === 'object' ? JSON.stringify(value).slice(0, 80) : String(value);
}

/** Replaces `${__value.raw}` in every string of an internal link's query, as Grafana's link interpolation does. */
function linkQuery(query: DataQuery, raw: string): DataQuery {
  return JSON.parse(JSON.stringify(query), (_k, v) => (typeof v === 'string' ? v.split('${__value.raw}').join(raw) : v));
}

function FrameTable({ frame, onQuery }: { frame: DataFrame; onQuery: (q: DataQuery) => void }) {
  const rows = Math.min(frame.length, MAX_ROWS);
  return (
    <table aria-label={`Frame ${frame.name ?? frame.refId ?? ''}`} data-visualisation={frame.meta?.preferredVisualisationType ?? ''} data-rows={frame.length} style={{ marginTop: 12, borderSpacing: '8px 2px' }}>
      <thead>
        <tr>
          {frame.fields.map((f) => (
            <th key={f.name} scope="col" style={{ textAlign: 'left' }}>
              {f.config?.displayName ?? f.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i}>
            {frame.fields.map((f) => {
              const text = cellText(f, f.values[i]);
              const link = (f.config?.links as InternalLink[] | undefined)?.find((l) => l.internal?.query);
              return (
                <td key={f.name}>
                  {link ? (
                    <button type="button" aria-label={`${link.title ?? 'Open'} ${text}`} onClick={() => onQuery(linkQuery(link.internal!.query!, text))}>
                      {text}
                    </button>
                  ) : (
                    text
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TraceView({ frame }: { frame: DataFrame }) {
  const col = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
  const [ids, parents, services, operations, starts, durations] = ['spanID', 'parentSpanID', 'serviceName', 'operationName', 'startTime', 'duration'].map(col);
  const parentOf = new Map<string, string | undefined>(ids.map((id, i) => [String(id), parents[i] ? String(parents[i]) : undefined]));
  const depth = (id: string, seen = 0): number => {
    const p = parentOf.get(id);
    return p && parentOf.has(p) && seen < 64 ? 1 + depth(p, seen + 1) : 0;
  };
  const order = ids.map((_, i) => i).sort((a, b) => Number(starts[a]) - Number(starts[b]));
  const traceId = String(col('traceID')[0] ?? '');
  return (
    <ul role="tree" aria-label={`Trace ${traceId}`} data-spans={frame.length} style={{ listStyle: 'none', padding: 0, marginTop: 12 }}>
      {order.map((i) => {
        const d = depth(String(ids[i]));
        return (
          <li key={String(ids[i])} role="treeitem" aria-level={d + 1} aria-selected={false} data-span-id={String(ids[i])} style={{ paddingLeft: d * 16 }}>
            {`${services[i]}: ${operations[i]} (${Number(durations[i]).toFixed(1)} ms)`}
          </li>
        );
      })}
    </ul>
  );
}

export function FramesView({ frames, onQuery }: { frames: DataFrame[]; onQuery: (q: DataQuery) => void }) {
  return (
    <section aria-label="Query frames">
      {frames.map((frame, i) =>
        frame.meta?.preferredVisualisationType === 'trace' ? <TraceView key={i} frame={frame} /> : <FrameTable key={i} frame={frame} onQuery={onQuery} />
      )}
    </section>
  );
}
