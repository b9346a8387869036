// Query-string helpers for resource routes, with the checks that keep them read-only and bounded.
import { QueryError } from '../../grafana/errors';
import type { CallResourceRequest } from '../../grafana/types';
import { LABEL_NAME_PATTERN } from '../../model/ids';
import { now as clockNow } from '../clock';

export function queryParams(req: CallResourceRequest): URLSearchParams {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i >= 0 ? req.url.slice(i + 1) : '');
}

/** `match[]` selectors: at most 20, each at most 4 KiB (Prometheus parses them; we only bound them). */
export function matchParams(p: URLSearchParams): string[] {
  const m = [...p.getAll('match[]'), ...p.getAll('match')].filter((x) => x.trim() !== '');
  if (m.length > 20) throw new QueryError('at most 20 match[] selectors', 400);
  for (const s of m) if (s.length > 4096) throw new QueryError('match[] selector longer than 4096 characters', 400);
  return m;
}

export function labelParam(p: URLSearchParams, name = 'label'): string {
  const label = p.get(name) ?? '';
  if (!LABEL_NAME_PATTERN.test(label)) {
    throw new QueryError(
      `query parameter "${name}" must be a label name ([a-zA-Z_][a-zA-Z0-9_]*), got "${label.slice(0, 64)}"`,
      400
    );
  }
  return label;
}

/** start/end in epoch seconds or ms (Grafana sends ms); default: the last 6 hours. */
export function timeParams(p: URLSearchParams): { startMs: number; endMs: number } {
  const now = clockNow();
  const parse = (v: string | null, def: number) => {
    if (v === null || v === '') return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0)
      throw new QueryError(`start/end must be epoch seconds or milliseconds, got "${v.slice(0, 32)}"`, 400);
    return n < 1e11 ? n * 1000 : n;
  };
  const endMs = parse(p.get('end'), now);
  const startMs = parse(p.get('start'), endMs - 6 * 3600 * 1000);
  return { startMs, endMs };
}
