// Scans the spans of traces — attributes and span events (logs) — and returns redacted findings. The
// input shape is the engine-neutral trace model's (structurally), so this stays free of I/O.
import { redactedExcerpt } from './redact';
import { findSensitive, MAX_SCAN_CHARS } from './scan';
import type { SensitiveKind } from './types';

interface KeyValueLike {
  key: string;
  value: string | number | boolean;
}

export interface ScannableSpan {
  traceId: string;
  spanId: string;
  operationName: string;
  serviceName: string;
  /** Epoch microseconds. */
  startTime: number;
  tags: KeyValueLike[];
  logs: Array<{ timestamp: number; name?: string; fields: KeyValueLike[] }>;
}

export interface Finding {
  /** Epoch ms: span start for attributes, event time for events. */
  timeMs: number;
  traceId: string;
  spanId: string;
  service: string;
  operation: string;
  /** `attribute` or `event`. */
  location: 'attribute' | 'event';
  /** Attribute key, or `<event name>: <field key>` for events. */
  attribute: string;
  kind: SensitiveKind;
  rule: string;
  /** Redacted context; never contains the raw value. */
  excerpt: string;
}

export interface ScanStats {
  traces: number;
  spans: number;
  values: number;
}

/** Strings are scanned as they are; numbers too (card numbers stored as integers); booleans cannot leak. */
function textOf(v: string | number | boolean): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return undefined;
}

function scanValue(key: string, value: string | number | boolean, kinds: ReadonlySet<SensitiveKind> | undefined, emit: (m: { kind: SensitiveKind; rule: string; excerpt: string }) => void): boolean {
  const full = textOf(value);
  if (full === undefined || full.length < 6) return full !== undefined;
  // Excerpts come from the scanned part only, so context never shows unscanned text.
  const text = full.length > MAX_SCAN_CHARS ? full.slice(0, MAX_SCAN_CHARS) : full;
  const matches = findSensitive(text, { key, kinds });
  matches.forEach((m, i) => emit({ kind: m.kind, rule: m.rule, excerpt: redactedExcerpt(text, matches, i) }));
  return true;
}

export function scanSpans(spans: Iterable<ScannableSpan>, kinds?: ReadonlySet<SensitiveKind>): { findings: Finding[]; stats: ScanStats } {
  const findings: Finding[] = [];
  const traces = new Set<string>();
  const stats: ScanStats = { traces: 0, spans: 0, values: 0 };
  for (const s of spans) {
    stats.spans++;
    traces.add(s.traceId);
    const base = { traceId: s.traceId, spanId: s.spanId, service: s.serviceName, operation: s.operationName };
    for (const t of s.tags) {
      if (scanValue(t.key, t.value, kinds, (m) => findings.push({ ...base, ...m, timeMs: s.startTime / 1000, location: 'attribute', attribute: t.key }))) stats.values++;
    }
    for (const log of s.logs) {
      for (const f of log.fields) {
        const attribute = `${log.name || 'event'}: ${f.key}`;
        if (scanValue(f.key, f.value, kinds, (m) => findings.push({ ...base, ...m, timeMs: log.timestamp / 1000, location: 'event', attribute }))) stats.values++;
      }
    }
  }
  stats.traces = traces.size;
  return { findings, stats };
}
