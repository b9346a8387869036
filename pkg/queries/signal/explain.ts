// Human explanations for signals that return nothing: what was looked for, what was found.
import type { Notice } from '../../grafana/frame';
import type { Aggregation } from '../../model/ids';
import type { Detection } from '../../signals/detect';
import { FAMILIES } from '../../signals/families';
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
