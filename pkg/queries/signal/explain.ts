// Human explanations for signals that return nothing: what was looked for, what was found.
import type { Notice } from '../../grafana/frame';
import type { Aggregation } from '../../model/ids';
import type { BuiltSignal } from '../../signals/build';
import type { Detection } from '../../signals/detect';
import { FAMILIES, family, type FamilyId } from '../../signals/families';
import type { PartContext, SignalDef } from '../../signals/types';

/** Every metric name any variant of the signal reads. */
export function signalMetricNames(def: SignalDef): string[] {
  const names = new Set<string>();
  const rec: PartContext = { sel: (m) => (names.add(m), m), w: '1m' };
  for (const v of def.variants) {
    if (v.hist) names.add(`${v.hist.metric}_bucket`);
    for (const part of [v.series, v.num, v.den]) part?.(rec);
  }
  return [...names];
}

export function emptySignalNotice(def: SignalDef, aggregation: Aggregation, d: Detection): Notice {
  const found = FAMILIES.filter((f) => d.families.has(f.id)).map((f) => f.title);
  const foundText = found.length ? `found: ${found.join(', ')}` : 'no LLM-serving or GPU metrics found at all';
  return {
    severity: 'warning',
    text: `No data source for ${def.title} (${aggregation}): looked for ${signalMetricNames(def).slice(0, 12).join(', ')}${signalMetricNames(def).length > 12 ? ' …' : ''}; ${foundText}.`,
  };
}

/**
 * Notices for engines and exporters a signal left out, only where they tell the reader something: all
 * of them when nothing answered (why the panel is empty), and serving engines always (a fleet number
 * without one engine's requests is a different number). A GPU or host exporter that lacks a metric
 * another exporter provides for the same machines is no news, so it stays quiet. Severity `info`: a
 * left-out engine is a fact about the fleet, not a fault.
 */
export function skippedNotices(built: BuiltSignal, def: SignalDef): Notice[] {
  const quiet = (f: FamilyId) => built.expr !== undefined && family(f).domain !== 'serving';
  return built.skipped
    .filter((s) => !quiet(s.family))
    .map((s) => ({
      severity: 'info' as const,
      text: s.absent
        ? `${family(s.family).short} does not export ${s.reason}.`
        : `${family(s.family).short}: ${def.title} (${built.aggregation}) not available (${s.reason}).`,
    }));
}
