// Finds sensitive values in one text (an attribute value or an event field): every rule's candidates,
// validated, then overlaps resolved so each character belongs to at most one finding (the longest wins:
// "Bearer eyJ…" is one bearer token, not a token plus a JWT).
import { RULES, secretValueRange } from './rules';
import type { Match, SensitiveKind } from './types';

/** Texts longer than this are scanned only up to here (a prompt is rarely longer; keeps the scan bounded). */
export const MAX_SCAN_CHARS = 256 * 1024;

export interface ScanOptions {
  /** Attribute key the text came from: enables key-based rules (authorization headers, versions). */
  key?: string;
  /** Only report these kinds (default: all). */
  kinds?: ReadonlySet<SensitiveKind>;
}

export function findSensitive(text: string, opts: ScanOptions = {}): Match[] {
  const key = opts.key ?? '';
  const body = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const wanted = (k: SensitiveKind) => !opts.kinds || opts.kinds.has(k);
  const found: Match[] = [];
  for (const rule of RULES) {
    if (!wanted(rule.kind)) continue;
    if ('detect' in rule) {
      for (const d of rule.detect({ key, text: body })) found.push({ kind: rule.kind, ...d });
      continue;
    }
    rule.pattern.lastIndex = 0;
    for (const m of body.matchAll(rule.pattern)) {
      const group = rule.group ?? 0;
      const value = m[group];
      if (value === undefined) continue;
      const start = m.index! + (group ? m[0].indexOf(value) : 0);
      if (rule.valid && !rule.valid(value, start, { key, text: body })) continue;
      found.push({ kind: rule.kind, rule: rule.rule, start, end: start + value.length });
    }
  }
  if (wanted('api_key')) {
    const secret = secretValueRange(key, body);
    if (secret) found.push({ kind: 'api_key', rule: 'secret_attribute', ...secret });
  }
  return resolveOverlaps(found);
}

/** Keeps the longest of overlapping matches (ties: the earlier rule), sorted by position. */
export function resolveOverlaps(matches: Match[]): Match[] {
  const order = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Match[] = [];
  for (const m of order) {
    if (kept.every((k) => m.end <= k.start || m.start >= k.end)) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
