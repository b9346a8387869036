// Panel descriptions and units read from the signal catalog (pkg/signals), so what a panel says about
// its metrics stays true when the catalog changes: the signal's meaning, how several engines make one
// fleet value, and the metric each engine reads it from.
import type { SignalId } from '../../pkg/model/ids';
import { SIGNAL_BY_ID } from '../../pkg/signals/catalog';
import { family } from '../../pkg/signals/families';
import { renderSelector } from '../../pkg/signals/matchers';
import type { PartContext, SignalDef, Variant } from '../../pkg/signals/types';
import type { Query, SignalQuery } from './model';

export function signalDef(id: string): SignalDef {
  const def = SIGNAL_BY_ID.get(id as SignalId);
  if (!def) throw new Error(`unknown signal ${id}`);
  return def;
}

/** What a variant reads: a histogram's base name, a gauge or counter, or numerator ÷ denominator. */
function variantText(v: Variant): string {
  if (v.hist) return `\`${v.hist.extra?.length ? renderSelector(v.hist.metric, v.hist.extra) : v.hist.metric}\``;
  const names = (part: Variant['series']) => {
    const used: string[] = [];
    const rec: PartContext = {
      sel: (m, extra) => {
        const shown = extra?.length ? renderSelector(m, extra) : m;
        if (!used.includes(shown)) used.push(shown);
        return m;
      },
      w: '1m',
    };
    part?.(rec);
    // The metric the part is about; the others are guards (`or … * 0`, `unless …`, > 0).
    return used.length ? `\`${used[0]}\`` : '';
  };
  if (v.num && v.den) return `${names(v.num)} ÷ ${names(v.den)}`;
  return names(v.series);
}

/** "vLLM `a` (older: `b`) · SGLang `c` (note) · …": each engine's metrics, preferred first. */
export function metricsPerEngine(id: string): string {
  const def = signalDef(id);
  const byFamily = new Map<string, Variant[]>();
  for (const v of def.variants) byFamily.set(v.family, [...(byFamily.get(v.family) ?? []), v]);
  return [...byFamily.entries()]
    .map(([f, variants]) => {
      const [first, ...others] = variants.filter((v, i) => i === 0 || !v.onlyWithout);
      const texts = [...new Set(others.map(variantText))].filter((t) => t !== variantText(first!)).slice(0, 2);
      const note = first!.note ? ` (${first!.note})` : '';
      return `${family(f as never).short} ${variantText(first!)}${note}${texts.length ? `, else ${texts.join(', ')}` : ''}`;
    })
    .join(' · ');
}

const QUANTILES = new Set(['p50', 'p90', 'p95', 'p99']);

/** How engines combine into one fleet value (signal queries without group-by). */
function fleetNote(q: SignalQuery): string {
  const def = signalDef(q.signal);
  if (def.domain !== 'serving' || q.groupBy.length > 0 || def.computed || q.format === 'heatmap') return '';
  if (QUANTILES.has(q.aggregation))
    return `Across engines: the highest engine's ${q.aggregation} (their histogram buckets differ).`;
  if (def.kind === 'ratio' || q.aggregation === 'avg')
    return 'Across engines: summed numerators ÷ summed denominators.';
  if (q.aggregation === 'rate' || q.aggregation === 'sum') return 'Across engines: summed.';
  return `Across engines: ${q.aggregation}.`;
}

/**
 * The description of a panel: the given text (else the signals' own), what the colours mean, fleet
 * notes and the metric per engine.
 */
export function describePanel(text: string | undefined, queries: Query[], colors?: string): string | undefined {
  const signals = signalQueries(queries);
  const ids = [...new Set(signals.map((q) => q.signal))];
  const parts: string[] = [];
  if (text) parts.push(text);
  else parts.push(...ids.map((id) => `${signalDef(id).title}: ${signalDef(id).description}`));
  if (colors) parts.push(colors);
  const fleet = [...new Set(signals.map(fleetNote).filter(Boolean))];
  parts.push(...fleet);
  for (const id of ids) {
    const def = signalDef(id);
    if (def.computed) continue;
    parts.push(`${ids.length > 1 ? `${def.title} from` : 'From'}: ${metricsPerEngine(id)}.`);
  }
  return parts.length ? parts.join('\n\n') : undefined;
}

/**
 * How a few rates read on a panel where the catalog keeps `short`: the anomaly detector's effect-size
 * floors (pkg/analytics/anomaly/effect-floor.ts) treat `short` as counts, which suits these rare events.
 */
const DISPLAY_UNIT: Record<string, string> = { preemption_rate: 'reqps', gpu_pcie_replay_rate: 'suffix: /s' };

/** The catalog unit shared by all signal queries of a panel (undefined when they differ or there are none). */
export function catalogUnit(queries: Query[]): string | undefined {
  const units = new Set(
    signalQueries(queries).map((q) => {
      const def = signalDef(q.signal);
      // A counter's `ratio` is a share; a histogram's `rate` counts observations per second.
      if (q.aggregation === 'ratio') return 'percentunit';
      if (def.kind === 'histogram' && q.aggregation === 'rate')
        return def.id === 'iteration_tokens' ? 'suffix: steps/s' : 'reqps';
      return DISPLAY_UNIT[def.id] ?? def.unit;
    })
  );
  return units.size === 1 ? [...units][0] : undefined;
}

function signalQueries(queries: Query[]): SignalQuery[] {
  const out: SignalQuery[] = [];
  for (const q of queries) {
    if (q.queryType === 'signal') out.push(q);
    else if (q.queryType === 'anomaly' && q.source.queryType === 'signal') out.push(q.source);
    else if (q.queryType === 'rootcause') out.push(q.target);
  }
  return out;
}
