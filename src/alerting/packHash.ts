// A fingerprint of what the installer put into a rule, stored on the rule itself (annotation
// `llmops_pack_hash`). Reinstalling compares it with the rule as Grafana returns it now: equal means
// nobody touched the rule, so it may be replaced; different means a person edited it in Grafana's UI.

export const PACK_HASH_ANNOTATION = 'llmops_pack_hash';

/** What a person can change in Grafana's rule editor; server-side fields (id, updated, provenance…) are left out. */
export interface HashableRule {
  title: string;
  condition: string;
  data: Array<{
    refId: string;
    queryType?: string;
    relativeTimeRange?: { from: number; to: number };
    datasourceUid?: string;
    model?: Record<string, unknown>;
  }>;
  for: string;
  noDataState: string;
  execErrState: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  isPaused?: boolean;
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a Prometheus duration ("5m", "1h30m", "0s"); Grafana may answer "5m0s" or "1h" for what was sent. */
export function durationSeconds(d: string | undefined): number {
  if (!d) {
    return 0;
  }
  let total = 0;
  const rest = d.replace(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g, (_, n: string, u: string) => {
    total += Number(n) * UNITS[u]!;
    return '';
  });
  return rest.trim() === '' ? total : Number.NaN;
}

/** Query model without the defaults Grafana adds on save (intervalMs 1000, maxDataPoints 43200, hide false). */
function normalizeModel(model: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(model ?? {}) };
  if (out.intervalMs === 1000) {
    delete out.intervalMs;
  }
  if (out.maxDataPoints === 43200) {
    delete out.maxDataPoints;
  }
  if (out.hide === false) {
    delete out.hide;
  }
  return out;
}

/** JSON with object keys sorted, so two equal rules give the same text whatever order Grafana returns. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function normalize(rule: HashableRule): unknown {
  const annotations = { ...(rule.annotations ?? {}) };
  delete annotations[PACK_HASH_ANNOTATION];
  return {
    title: rule.title,
    condition: rule.condition,
    data: rule.data.map((q) => ({
      refId: q.refId,
      queryType: q.queryType ?? '',
      relativeTimeRange: { from: q.relativeTimeRange?.from ?? 0, to: q.relativeTimeRange?.to ?? 0 },
      datasourceUid: q.datasourceUid ?? '',
      model: normalizeModel(q.model),
    })),
    for: durationSeconds(rule.for),
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    labels: rule.labels ?? {},
    annotations,
    isPaused: rule.isPaused ?? false,
  };
}

/** 64-bit FNV-1a of a string as 16 hex digits (two 32-bit halves; BigInt-free for old browsers). */
function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** The fingerprint of a rule's editable content (its own hash annotation excluded). */
export function packHash(rule: HashableRule): string {
  return fnv1a64(canonicalJson(normalize(rule)));
}
