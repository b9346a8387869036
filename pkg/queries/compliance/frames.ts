// Compliance findings → frames. `findings`: a table (newest first) whose trace id opens the `trace` query
// (internal link, as the `traces` table does). `over_time`: findings per kind per bucket,
// timeseries-multi. Instant: findings per kind in the range as numeric-multi, for alert rules.
import type { Finding, SensitiveKind } from '../../analytics/compliance';
import type { Frame, FrameMeta, Notice } from '../../grafana/frame';

export interface ComplianceFrameContext {
  refId: string;
  datasourceUid: string;
  datasourceName: string;
  executedQueryString: string;
  notices: Notice[];
  custom: Record<string, unknown>;
}

const KIND_TITLE: Record<SensitiveKind, string> = {
  email: 'E-mail address',
  phone: 'Phone number',
  credit_card: 'Payment card number',
  api_key: 'API key / token',
  ip_address: 'IP address',
};

function meta(ctx: ComplianceFrameContext, extra: FrameMeta = {}): FrameMeta {
  const m: FrameMeta = { executedQueryString: ctx.executedQueryString, custom: ctx.custom, ...extra };
  if (ctx.notices.length) m.notices = ctx.notices;
  return m;
}

export function findingsFrame(findings: Finding[], ctx: ComplianceFrameContext): Frame {
  const rows = [...findings].sort((a, b) => b.timeMs - a.timeMs || a.traceId.localeCompare(b.traceId));
  const col = <T>(f: (x: Finding) => T) => rows.map(f);
  return {
    name: 'compliance_findings',
    refId: ctx.refId,
    meta: meta(ctx, { preferredVisualisationType: 'table' }),
    fields: [
      { name: 'time', type: 'time', values: col((f) => f.timeMs), config: { displayName: 'Time' } },
      {
        name: 'traceID',
        type: 'string',
        values: col((f) => f.traceId),
        config: {
          displayName: 'Trace ID',
          links: [
            {
              title: 'Open trace',
              url: '',
              internal: { datasourceUid: ctx.datasourceUid, datasourceName: ctx.datasourceName, query: { queryType: 'trace', traceId: '${__value.raw}', refId: ctx.refId } },
            },
          ],
        },
      },
      { name: 'spanID', type: 'string', values: col((f) => f.spanId), config: { displayName: 'Span ID' } },
      { name: 'service', type: 'string', values: col((f) => f.service), config: { displayName: 'Service' } },
      { name: 'operation', type: 'string', values: col((f) => f.operation), config: { displayName: 'Operation' } },
      { name: 'location', type: 'string', values: col((f) => f.location), config: { displayName: 'Where' } },
      { name: 'attribute', type: 'string', values: col((f) => f.attribute), config: { displayName: 'Attribute' } },
      { name: 'kind', type: 'string', values: col((f) => f.kind), config: { displayName: 'Kind' } },
      { name: 'rule', type: 'string', values: col((f) => f.rule), config: { displayName: 'Rule' } },
      { name: 'excerpt', type: 'string', values: col((f) => f.excerpt), config: { displayName: 'Redacted excerpt' } },
    ],
  };
}

/** Bucket width: about `maxPoints` buckets over the range, in whole minutes (at least one). */
export function bucketMs(from: number, to: number, maxPoints: number, intervalMs: number): number {
  const raw = Math.max(intervalMs, (to - from) / Math.max(1, maxPoints), 60_000);
  return Math.ceil(raw / 60_000) * 60_000;
}

export function overTimeFrames(findings: Finding[], kinds: readonly SensitiveKind[], range: { from: number; to: number }, bucket: number, ctx: ComplianceFrameContext): Frame[] {
  const start = Math.floor(range.from / bucket) * bucket;
  const n = Math.max(1, Math.floor((range.to - start) / bucket) + 1);
  const times = Array.from({ length: n }, (_, i) => start + i * bucket);
  return kinds.map((kind, k) => {
    const counts = new Array<number>(n).fill(0);
    for (const f of findings) {
      if (f.kind !== kind) continue;
      const i = Math.floor((f.timeMs - start) / bucket);
      if (i >= 0 && i < n) counts[i]++;
    }
    return {
      refId: ctx.refId,
      meta: k === 0 ? meta(ctx, { type: 'timeseries-multi', typeVersion: [0, 1] }) : { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: ctx.executedQueryString },
      fields: [
        { name: 'time', type: 'time', values: times, nullable: false, config: { interval: bucket } },
        { name: 'findings', type: 'number', values: counts, labels: { kind }, config: { displayNameFromDS: KIND_TITLE[kind], unit: 'short', interval: bucket } },
      ],
    };
  });
}

export function instantFrames(findings: Finding[], kinds: readonly SensitiveKind[], ctx: ComplianceFrameContext): Frame[] {
  return kinds.map((kind, k) => ({
    refId: ctx.refId,
    meta: k === 0 ? meta(ctx, { type: 'numeric-multi', typeVersion: [0, 1] }) : { type: 'numeric-multi', typeVersion: [0, 1], executedQueryString: ctx.executedQueryString },
    fields: [
      {
        name: 'findings',
        type: 'number',
        values: [findings.filter((f) => f.kind === kind).length],
        labels: { kind },
        config: { displayNameFromDS: KIND_TITLE[kind], unit: 'short' },
      },
    ],
  }));
}
