// Bounded work per query: a cap on points (series × points per series) and on the size of one query's
// answer, from the datasource settings. Handlers that can know the size before doing the work (the `test`
// query, PromQL results before frames are built) ask `seriesThatFit`; the dispatcher checks every
// answer with `enforceAnswerLimits` before it is encoded, for the query types that cannot.
import type { Frame, Notice } from '../grafana/frame';
import { QueryError } from '../grafana/errors';
import type { DatasourceInstance } from './instance';
import { SETTINGS_DEFAULTS } from './settings';

export interface AnswerLimits {
  maxPoints: number;
  maxBytes: number;
}

/** Arrow bytes per point of a time + float64 value series, and a generous allowance per frame (labels, meta). */
export const BYTES_PER_POINT = 16;
export const FRAME_OVERHEAD_BYTES = 1024;

/** The instance's caps; defaults when its settings are invalid (the `test` query runs without an upstream). */
export function answerLimits(instance: DatasourceInstance): AnswerLimits {
  if (instance.settings.ok) {
    const s = instance.settings.settings;
    return { maxPoints: s.maxPointsPerQuery, maxBytes: s.maxAnswerBytes };
  }
  return {
    maxPoints: SETTINGS_DEFAULTS.maxPointsPerQuery,
    maxBytes: SETTINGS_DEFAULTS.maxAnswerMB * 1024 * 1024,
  };
}

/** How many series of `points` points each fit in one answer. */
export function seriesThatFit(points: number, limits: AnswerLimits): number {
  const p = Math.max(1, points);
  return Math.max(
    0,
    Math.min(
      Math.floor(limits.maxPoints / p),
      Math.floor(limits.maxBytes / (p * BYTES_PER_POINT + FRAME_OVERHEAD_BYTES))
    )
  );
}

export function limitNotice(shown: number, total: number, limits: AnswerLimits): Notice {
  return {
    severity: 'warning',
    text:
      `Showing ${shown} of ${total} series: the answer would exceed ${limits.maxPoints.toLocaleString('en-US')} points ` +
      `(jsonData.maxPointsPerQuery) or ${mib(limits.maxBytes)} MiB (jsonData.maxAnswerMB). Narrow the time range, ` +
      `add filters or group by fewer labels.`,
  };
}

/** Points and approximate encoded bytes of a frame (strings and JSON by their length). */
export function frameCost(frame: Frame): { points: number; bytes: number } {
  let points = 0;
  let bytes = FRAME_OVERHEAD_BYTES;
  for (const field of frame.fields) {
    const n = field.values.length;
    points = Math.max(points, n);
    if (field.type === 'string' || field.type === 'json') {
      for (let i = 0; i < n; i++) {
        const v = field.values[i];
        bytes += 4 + (typeof v === 'string' ? v.length : v === null || v === undefined ? 0 : JSON.stringify(v).length);
      }
    } else bytes += n * 8;
  }
  return { points: points * Math.max(1, frame.fields.length - 1), bytes };
}

/**
 * Keeps the frames that fit the caps, in order, with a notice when some were left out. A first frame
 * that is too large alone fails the query with a message that says what to change.
 */
export function enforceAnswerLimits(frames: Frame[], limits: AnswerLimits): Frame[] {
  let points = 0;
  let bytes = 0;
  let kept = 0;
  for (const f of frames) {
    const c = frameCost(f);
    if (points + c.points > limits.maxPoints || bytes + c.bytes > limits.maxBytes) break;
    points += c.points;
    bytes += c.bytes;
    kept++;
  }
  if (kept === frames.length) return frames;
  if (kept === 0) {
    const c = frameCost(frames[0]!);
    throw new QueryError(
      `the answer is too large: ${c.points.toLocaleString('en-US')} points, about ${mib(c.bytes)} MiB in one frame, ` +
        `above the limits of ${limits.maxPoints.toLocaleString('en-US')} points (jsonData.maxPointsPerQuery) and ` +
        `${mib(limits.maxBytes)} MiB (jsonData.maxAnswerMB): narrow the time range or the query`,
      400
    );
  }
  const out = frames.slice(0, kept);
  const first = out[0]!;
  const notices = [...(first.meta?.notices ?? []), limitNotice(kept, frames.length, limits)];
  out[0] = { ...first, meta: { ...first.meta, notices } };
  return out;
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0);
}
