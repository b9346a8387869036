// Which serving engines the root-cause target could not search. TGI exports no time-to-first-token
// histogram (no TTFT p95) and llama.cpp no latency histograms: a root cause on such a target never looks
// at their models, and a "no incident" answer would otherwise read as "every model was fine".
import type { Notice } from '../../grafana/frame';
import type { Aggregation, SignalId } from '../../model/ids';
import { buildSignal, type Availability, type BuiltSignal } from '../../signals/build';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import { family, type FamilyId } from '../../signals/families';

/** Target signals suggested instead, in order, when the one asked leaves an engine out. */
const ALTERNATIVES: SignalId[] = ['e2e_latency', 'request_rate', 'error_ratio'];

/** One info notice per serving engine the target left out, naming a target that covers it (when one does). */
export function targetCoverageNotices(
  target: { signal: SignalId; aggregation?: Aggregation },
  skipped: BuiltSignal['skipped'],
  available: Availability
): Array<Notice & { severity: 'info' }> {
  const def = SIGNAL_BY_ID.get(target.signal);
  if (!def) return [];
  return skipped
    .filter((s) => family(s.family).domain === 'serving')
    .map((s) => {
      const instead = ALTERNATIVES.filter((alt) => alt !== target.signal).find((alt) => covers(alt, target.aggregation, s.family, available));
      const short = family(s.family).short;
      const what = s.absent ? `${short} does not export ${s.reason}.` : `${short} has no ${def.title}${target.aggregation ? ` ${target.aggregation}` : ''} (${s.reason}).`;
      const hint = instead ? `: pick ${SIGNAL_BY_ID.get(instead)!.title} as the target to include them` : '';
      return { severity: 'info' as const, text: `${what} Its models were not searched for an incident${hint}.` };
    });
}

/** True when the signal (same aggregation when it has it) has a variant for the family. */
function covers(signal: SignalId, aggregation: Aggregation | undefined, fam: FamilyId, available: Availability): boolean {
  const def = SIGNAL_BY_ID.get(signal);
  if (!def) return false;
  const agg = aggregation && def.aggregations.includes(aggregation) ? aggregation : def.defaultAggregation;
  const built = buildSignal({ def, aggregation: agg, rateWindow: '1m', available });
  return built.expr !== undefined && !built.skipped.some((s) => s.family === fam);
}
