// The range answer of an anomaly query must fit the per-query answer caps (jsonData.maxPointsPerQuery,
// maxAnswerMB). The dispatcher cuts an answer that does not fit after it is built, in frame order, which
// for a big fleet kept an arbitrary third of the series and dropped the annotations frame (it comes
// last). Deciding here, before frames are built and sent back from the worker, keeps the series that
// matter (the most anomalous in the panel range first), keeps every series' anomaly windows as
// annotations, and spares building and encoding series that would be thrown away.
import type { ScoredSeries } from './frames';

export interface AnswerCaps {
  maxPoints: number;
  maxBytes: number;
}

/** Same accounting as the dispatcher's frameCost (answer-limits.ts): numbers 8 bytes, 1 KiB per frame. */
const FRAME_OVERHEAD_BYTES = 1024;
/** A range frame: time + value, expected, lower, upper, score, flag. */
export const VALUE_FIELDS = 6;

function seriesCost(s: ScoredSeries): { points: number; bytes: number } {
  const n = s.times.length;
  return { points: n * VALUE_FIELDS, bytes: FRAME_OVERHEAD_BYTES + (VALUE_FIELDS + 1) * 8 * n };
}

/**
 * Cost of the annotations frame (annotationFrame in frames.ts), on the generous side: per window 3 numbers,
 * the title (the series name), the text (its own, or a ~200-character default) and the tags (the labels,
 * the signal name).
 */
function annotationCost(scored: ScoredSeries[], panel: { from: number; to: number }): { points: number; bytes: number } {
  let rows = 0;
  let bytes = FRAME_OVERHEAD_BYTES;
  for (const s of scored) {
    let labels = 0;
    for (const [k, v] of Object.entries(s.source.labels)) labels += k.length + v.length + 2;
    for (const w of s.windows) {
      if (w.end < panel.from || w.start > panel.to) continue;
      rows++;
      bytes += 3 * 8 + 3 * 4 + (16 + s.source.name.length) + (w.text?.length ?? 200 + s.source.name.length) + (labels + 128);
    }
  }
  return { points: rows * 5, bytes };
}

/** Highest score inside the panel range (the scored arrays are already trimmed to it). */
function peak(s: ScoredSeries): number {
  let best = 0;
  for (const v of s.score) if (v > best) best = v;
  return best;
}

export interface FittedAnswer {
  /** Series whose frames are sent, in source order. */
  shown: ScoredSeries[];
  /** Series left out (their windows still become annotations). */
  hidden: ScoredSeries[];
}

/** Splits the scored series into those whose frames fit the caps (most anomalous first) and the rest. */
export function fitAnswer(scored: ScoredSeries[], caps: AnswerCaps, panel: { from: number; to: number }): FittedAnswer {
  const ann = annotationCost(scored, panel);
  let points = ann.points;
  let bytes = ann.bytes;
  let all = true;
  for (const s of scored) {
    const c = seriesCost(s);
    points += c.points;
    bytes += c.bytes;
    if (points > caps.maxPoints || bytes > caps.maxBytes) {
      all = false;
      break;
    }
  }
  if (all) return { shown: scored, hidden: [] };
  const order = scored.map((s, i) => ({ i, peak: peak(s) })).sort((a, b) => b.peak - a.peak || a.i - b.i);
  const keep = new Set<number>();
  points = ann.points;
  bytes = ann.bytes;
  for (const { i } of order) {
    const c = seriesCost(scored[i]!);
    if (points + c.points > caps.maxPoints || bytes + c.bytes > caps.maxBytes) break;
    points += c.points;
    bytes += c.bytes;
    keep.add(i);
  }
  // Not even one series fits: send the most anomalous one and let the dispatcher answer with its clear 400.
  if (keep.size === 0 && order.length) keep.add(order[0]!.i);
  return { shown: scored.filter((_, i) => keep.has(i)), hidden: scored.filter((_, i) => !keep.has(i)) };
}

/** What a hidden series still contributes: its windows, for the annotations frame. */
export function windowsOnly(s: ScoredSeries): ScoredSeries {
  return { ...s, times: [], values: [], expected: [], lower: [], upper: [], score: [], flag: [] };
}
