// How closely a moved candidate followed the symptom. Without a call graph, the robust score alone
// ranks whatever moved most first; on real data that is often a series that differs from its history
// for reasons of its own (a rarely used job, a level that shifted days ago). A cause moves with its
// symptom: over the window and an equal span before it, its values track the target's (either way: an
// availability that fell while latency rose tracks it too). Used to order moved candidates when the
// query has a target; the scores themselves are not changed.
import { movedBeyondNormal } from './service-graph';
import { unitOf } from './scale-floor';
import { sameLabels } from './topology';
import type { MovementScore, SignalSeries, TimeWindow } from './types';

/** Scores above this count alike when ordering: past it, how closely a series followed the symptom decides. */
const SCORE_CAP = 10;

/** Share of the ordering weight a moved series keeps with no relation to the symptom at all. */
const RELATION_FLOOR = 0.1;

/** Pearson correlation of paired values (0 when either side is constant or there are fewer than 3 pairs). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  if (n < 3) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** The target's finite values by time over [from, to]. */
function valuesByTime(s: SignalSeries, from: number, to: number): Map<number, number> {
  const out = new Map<number, number>();
  s.times.forEach((t, i) => {
    const v = s.values[i];
    if (t >= from && t <= to && v !== null && Number.isFinite(v)) out.set(t, v);
  });
  return out;
}

/** |correlation| of a candidate with the best-matching target series, on shared timestamps; null when too few are shared. */
export function relationToSymptom(candidate: SignalSeries, targets: Array<Map<number, number>>, from: number, to: number): number | null {
  let best: number | null = null;
  const a: number[] = [];
  const b: number[] = [];
  for (const target of targets) {
    a.length = 0;
    b.length = 0;
    candidate.times.forEach((t, i) => {
      const v = candidate.values[i];
      const w = t >= from && t <= to ? target.get(t) : undefined;
      if (w !== undefined && v !== null && Number.isFinite(v)) {
        a.push(v);
        b.push(w);
      }
    });
    if (a.length < 3) continue;
    const r = Math.abs(pearson(a, b, a.length));
    best = best === null ? r : Math.max(best, r);
  }
  return best;
}

/**
 * Movements reordered for naming causes: moved ones first, by min(score, SCORE_CAP) × (RELATION_FLOOR +
 * relation²); a moved series of the symptom's own entity and unit (another statistic of the same
 * latency) after the others, since it is the symptom seen again; the rest as they were (by score).
 * Series too sparse to correlate keep their full weight.
 */
export function orderBySymptom(movements: MovementScore[], candidates: SignalSeries[], target: SignalSeries[], window: TimeWindow, threshold = 3): MovementScore[] {
  if (target.length === 0) return movements;
  const span = Math.max(window.end - window.start, 0);
  const from = window.start - span;
  const targets = target.map((t) => valuesByTime(t, from, window.end));
  const bySeries = new Map<string, SignalSeries>();
  for (const c of candidates) bySeries.set(keyOf(c.signal, c.labels), c);
  const symptomItself = (m: MovementScore) => target.some((t) => sameLabels(t.labels, m.labels) && unitOf(t.signal, t.unit) === unitOf(m.signal) && unitOf(m.signal) !== 'unknown');
  const weight = new Map<MovementScore, number>();
  for (const m of movements) {
    if (!movedBeyondNormal(m, threshold)) continue;
    const series = bySeries.get(keyOf(m.signal, m.labels));
    const r = series ? relationToSymptom(series, targets, from, window.end) : null;
    const w = Math.min(m.score, SCORE_CAP) * (r === null ? 1 : RELATION_FLOOR + r * r);
    weight.set(m, symptomItself(m) ? w * RELATION_FLOOR * RELATION_FLOOR : w);
  }
  const moved = movements.filter((m) => weight.has(m)).sort((a, b) => weight.get(b)! - weight.get(a)! || b.score - a.score);
  return [...moved, ...movements.filter((m) => !weight.has(m))];
}

function keyOf(signal: string, labels: Record<string, string>): string {
  return `${signal}\u0000${Object.entries(labels)
    .sort((x, y) => x[0].localeCompare(y[0]))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
}
