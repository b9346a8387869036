// `detector.mode: 'peers'`: series that should behave alike (the replicas of one model, the GPUs of one host)
// are compared with each other at every timestamp (pkg/analytics/anomaly/peers.ts) instead of with their own
// history. Produces the same ScoredSeries as the history detectors, with the group's peer median and band as
// expected/lower/upper, and one window per departure, described in one sentence for its annotation.
import { describePeerEvent } from '../../analytics/anomaly/peer-describe';
import { alignSeries, peerGroups } from '../../analytics/anomaly/peer-groups';
import { PEER_THRESHOLD, peerOutliers, type PeerOptions } from '../../analytics/anomaly/peers';
import { domainFor } from '../../analytics/anomaly/effect-floor';
import type { Notice } from '../../grafana/frame';
import type { ScoredSeries } from './frames';
import type { SourceSeries } from './series';

export interface PeerScoreOptions {
  sensitivity: number;
  peerGroup: string[];
  panel: { from: number; to: number };
}

/** Peer options for a Grafana unit (floors a departure must clear, direction that matters, band domain). */
export function peerOptionsForUnit(unit: string | undefined): PeerOptions {
  const domain = domainFor(unit);
  switch (unit) {
    case 's':
    case 'ms':
      return { direction: 'up', domain };
    case 'percentunit':
      return { minAbsoluteEffect: 0.02, domain };
    case 'celsius':
      return { minAbsoluteEffect: 5, minRelativeEffect: 0, domain };
    case 'percent':
      return { minAbsoluteEffect: 10, minRelativeEffect: 0, domain };
    default:
      return { domain };
  }
}

const ENTITY_LABELS = ['instance', 'pod', 'gpu', 'hostname'];

function entityOf(labels: Record<string, string>, group: string[]): string {
  const own = ENTITY_LABELS.filter((l) => labels[l] !== undefined && !group.includes(l));
  if (own.length === 0) return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'series';
  return own.map((l) => `${l} ${labels[l]}`).join(', ');
}

export function scorePeers(series: SourceSeries[], opts: PeerScoreOptions): { scored: ScoredSeries[]; notices: Notice[] } {
  const notices: Notice[] = [];
  const scored: ScoredSeries[] = [];
  for (const g of peerGroups(series.map((s) => s.labels), opts.peerGroup)) {
    const members = g.members.map((i) => series[i]!);
    const groupName = Object.entries(g.key).map(([k, v]) => `${k} ${v || '(none)'}`).join(', ');
    const aligned = alignSeries(members.map((s) => ({ times: s.times, values: s.values })));
    const r = peerOutliers(aligned.rows, { ...peerOptionsForUnit(members[0]!.config.unit), sensitivity: opts.sensitivity });
    for (const n of r.notices) notices.push({ severity: 'warning', text: `Peer outliers (${groupName}): ${n}` });
    const times = Array.from(aligned.times);
    let lo = 0;
    while (lo < times.length && times[lo]! < opts.panel.from) lo++;
    let hi = times.length;
    while (hi > lo && times[hi - 1]! > opts.panel.to) hi--;
    const nullable = (a: Float64Array) => Array.from(a.subarray(lo, hi), (x) => (Number.isFinite(x) ? x : null));
    members.forEach((s, k) => {
      const row = aligned.rows[k]!;
      const events = r.events.filter((e) => e.series === k);
      const windows = events.map((e) => ({
        start: times[e.onset]!,
        end: times[e.end]!,
        peakScore: e.peakScore,
        text: describePeerEvent(e, { times, entity: entityOf(s.labels, opts.peerGroup), group: `with the same ${groupName}` }),
      }));
      let latestScore: number | null = null;
      for (let i = hi - 1; i >= lo; i--) {
        if (Number.isFinite(row[i])) {
          latestScore = r.score[k]![i]!;
          break;
        }
      }
      scored.push({
        source: s,
        times: times.slice(lo, hi),
        values: nullable(row),
        expected: nullable(r.median),
        lower: nullable(r.lower),
        upper: nullable(r.upper),
        score: Array.from(r.score[k]!.subarray(lo, hi)),
        flag: Array.from(r.flag[k]!.subarray(lo, hi)),
        windows,
        threshold: PEER_THRESHOLD,
        latestScore,
      });
    });
  }
  return { scored, notices };
}
