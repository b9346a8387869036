// Sample value formatting and the two renderers: Prometheus text exposition (live /metrics) and sample
// lines with timestamps (backfill: OpenMetrics seconds, or Prometheus text with ms for VictoriaMetrics).
import type { Registry } from './registry';

/** Integers as integers; other values rounded to 6 decimals (keeps files small, plenty for gauges). */
export function formatValue(x: number): string {
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  return String(Math.round(x * 1e6) / 1e6);
}

/** Prometheus text format 0.0.4 with HELP/TYPE per family; families with no active series are left out. */
export function renderExposition(reg: Registry): string {
  const out: string[] = [];
  const { values, active, keys } = reg;
  for (const fam of reg.families) {
    let any = false;
    for (const i of fam.series) if (active[i]) any = true;
    if (!any) continue;
    out.push(`# HELP ${fam.name} ${fam.help}`, `# TYPE ${fam.name} ${fam.type}`);
    for (const i of fam.series) if (active[i]) out.push(`${keys[i]} ${formatValue(values[i])}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Appends one timestamped line per active series to `chunk`. Callers pass the timestamp already
 * formatted (seconds for OpenMetrics, ms for VictoriaMetrics' Prometheus import).
 */
export function renderSamples(values: Float64Array, active: Uint8Array, ts: string, prefixes: string[]): string {
  const tail = ` ${ts}\n`;
  let chunk = '';
  for (let i = 0; i < prefixes.length; i++) {
    if (active[i]) chunk += prefixes[i] + formatValue(values[i]) + tail;
  }
  return chunk;
}
