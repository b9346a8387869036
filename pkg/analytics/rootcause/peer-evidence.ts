// Peer evidence for a hypothesis: replicas serving the same model should behave alike, so a signal of the
// hypothesis' instance that departs from its siblings during the incident (while they stay put) places
// the cause on that instance rather than on the model's traffic. Adds one sentence per departing signal;
// never changes the ranking. Uses the peer-outlier detector of the `anomaly` query's peers mode.
import { peerOutliers } from '../anomaly/peers';
import type { Labels, RankedHypothesis, SignalSeries, TimeWindow } from './types';

/** Replicas are the series of one signal with the same model and a different instance. */
const PEER_LABEL = 'model';
const ENTITY_LABEL = 'instance';

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(3))) : String(x);
}

function sameTimes(a: number[], b: number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Values of each series on the union of their timestamps (null where a series has no point). */
function align(series: SignalSeries[]): { times: number[]; rows: Array<Array<number | null>> } {
  // Range queries answer on one step grid: when every series has the same timestamps, no union is needed.
  const first = series[0]?.times;
  if (first && series.every((s) => sameTimes(s.times, first))) return { times: first, rows: series.map((s) => s.values) };
  const times = [...new Set(series.flatMap((s) => s.times))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const rows = series.map((s) => {
    const row: Array<number | null> = new Array(times.length).fill(null);
    s.times.forEach((t, i) => (row[at.get(t)!] = s.values[i]));
    return row;
  });
  return { times, rows };
}

/** One sentence when `entity`'s series of `signal` departs from its peers inside the window, else null. */
export function peerDeparture(signal: string, entity: Labels, candidates: SignalSeries[], window: TimeWindow): string | null {
  const model = entity[PEER_LABEL];
  const instance = entity[ENTITY_LABEL];
  if (!model || !instance) return null;
  const group = candidates.filter((c) => c.signal === signal && c.labels[PEER_LABEL] === model && c.labels[ENTITY_LABEL] !== undefined);
  const own = group.findIndex((c) => c.labels[ENTITY_LABEL] === instance);
  if (own < 0 || group.length < 3) return null;
  const { times, rows } = align(group);
  const r = peerOutliers(rows);
  let flagged = 0;
  let inWindow = 0;
  let worst = -1;
  for (let i = 0; i < times.length; i++) {
    if (times[i] < window.start || times[i] > window.end) continue;
    inWindow++;
    if (r.flag[own][i]) {
      flagged++;
      if (worst < 0 || r.score[own][i] > r.score[own][worst]) worst = i;
    }
  }
  // Most of the window, not a moment: a replica that is briefly busier than its siblings is normal.
  if (inWindow === 0 || flagged < Math.max(2, inWindow / 2) || worst < 0) return null;
  const others = rows.filter((_, k) => k !== own).map((row) => row[worst]).filter((v): v is number => v !== null);
  const peersFlagged = r.flag.filter((f, k) => k !== own && f[worst]).length;
  if (peersFlagged > 0) return null;
  return `${signal} on ${instance} departed from its ${group.length - 1} peers serving ${model}: ${fmt(rows[own][worst] ?? NaN)} against a peer median of ${fmt(r.median[worst])} (peers ${others.map(fmt).join(', ')})`;
}

/** Adds peer-departure sentences to each hypothesis placed on an instance (at most one per signal). */
export function addPeerEvidence(hypotheses: RankedHypothesis[], candidates: SignalSeries[], window: TimeWindow): void {
  for (const h of hypotheses) {
    const seen = new Set<string>();
    for (const s of h.signals) {
      if (seen.has(s.signal)) continue;
      seen.add(s.signal);
      const entity = { ...h.entity, ...s.labels };
      const sentence = peerDeparture(s.signal, entity, candidates, window);
      if (sentence) h.evidence.push(sentence);
    }
  }
}
