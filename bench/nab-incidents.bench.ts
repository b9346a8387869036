// Incident finding (root cause without a window) on real data nobody here wrote: NAB's real-world files
// (MIT, ../shared/data/nab). Each labelled anomaly window becomes one root-cause range as a user would
// open it: two days before the window up to a quarter window after it. The answer counts when the
// incident found overlaps the labelled window. Ranges of the same length far from every window (one window
// width of margin) are the controls: there the right answer is "no incident in this range" (NAB labels are
// incomplete, so a found incident there is not always wrong; the rate is an upper bound on false finds).
// Two variants: the shift finder alone (a target of unknown unit), and with the operational detector's
// windows too (what the product runs for catalog signals, which always carry a unit; here the generic
// unit `short`, i.e. the unknown-unit floor of 10 % of the level).
// NAB_INCIDENTS_VERBOSE=1 also prints each miss (what was picked, where the window's own candidate ranked,
// what kind of change each is) and the count per class of miss, on stderr.
import { findIncident, type FoundIncident, type IncidentSearch } from '../pkg/analytics/rootcause/find-incident';
import { describeMiss, missClass } from './nab-incidents-misses';
import { incidentFloorFor } from '../pkg/analytics/rootcause/floors';
import type { SignalSeries } from '../pkg/analytics/rootcause/types';
import { loadNabCorpus, type NabFile } from '../pkg/analytics/nab/corpus';
import type { BenchRow } from './run';

const DAY_MS = 86_400_000;
const RANGE_MS = 3 * DAY_MS;
/** Data before a labelled window in its range. */
const BEFORE_MS = 2 * DAY_MS;

interface Range {
  file: NabFile;
  from: number;
  to: number;
  /** The labelled window inside the range, if any. */
  window?: [number, number];
}

function sliceSeries(f: NabFile, from: number, to: number, unit: string | undefined): SignalSeries {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < f.timestamps.length; i++) {
    const t = f.timestamps[i];
    if (t < from || t > to || (times.length && t <= times[times.length - 1])) continue;
    times.push(t);
    values.push(f.values[i]);
  }
  return { signal: 'nab_value', labels: { file: f.name }, times, values, ...(unit ? { unit } : {}) };
}

/**
 * One range per labelled window, as a user opens it: two days before the window up to a quarter window
 * after it. Windows with less than a day of data before them (at a file's start) have no baseline to
 * judge against and are left out (counted in the note).
 */
function incidentRanges(files: NabFile[]): { ranges: Range[]; skipped: number } {
  let skipped = 0;
  const ranges = files.flatMap((file) => {
    const first = file.timestamps[0];
    const last = file.timestamps[file.timestamps.length - 1];
    return file.windows.flatMap(([a, b]): Range[] => {
      if (a - first < DAY_MS) {
        skipped++;
        return [];
      }
      return [{ file, from: Math.max(first, a - BEFORE_MS), to: Math.min(last, b + (b - a) / 4), window: [a, b] }];
    });
  });
  return { ranges, skipped };
}

/** Control ranges: RANGE_MS long, stepping by a day, clear of every window by one window width. */
function controlRanges(files: NabFile[]): Range[] {
  const out: Range[] = [];
  for (const file of files) {
    const first = file.timestamps[0];
    const last = file.timestamps[file.timestamps.length - 1];
    for (let to = first + RANGE_MS; to <= last; to += DAY_MS) {
      const from = to - RANGE_MS;
      const clear = file.windows.every(([a, b]) => to < a - (b - a) || from > b + (b - a));
      if (clear) out.push({ file, from, to });
    }
  }
  return out;
}

function search(r: Range, unit: string | undefined): { series: SignalSeries; result: IncidentSearch } | null {
  const series = sliceSeries(r.file, r.from, r.to, unit);
  if (series.times.length < 20) return null;
  return { series, result: findIncident([series], { floor: incidentFloorFor('nab_value') }) };
}

const found = (r: Range, unit: string | undefined): FoundIncident | null => search(r, unit)?.result.best ?? null;

const verbose = process.env.NAB_INCIDENTS_VERBOSE === '1';

const overlaps = (i: FoundIncident, [a, b]: [number, number]) => i.start <= b && i.end >= a;

export default async function run(): Promise<BenchRow[]> {
  const files = loadNabCorpus().filter((f) => f.name.startsWith('real'));
  const { ranges: incidents, skipped } = incidentRanges(files);
  const controls = controlRanges(files);
  const rows: BenchRow[] = [];
  for (const [label, unit] of [
    ['shift finder (unknown unit)', undefined],
    ['shift finder + detector windows (unit short)', 'short'],
  ] as const) {
    let hit = 0;
    let none = 0;
    const started = performance.now();
    const classes = new Map<string, number>();
    if (verbose) process.stderr.write(`${label}: misses\n`);
    for (const r of incidents) {
      const s = search(r, unit);
      const i = s?.result.best ?? null;
      if (i && overlaps(i, r.window!)) hit++;
      else if (!i) none++;
      if (verbose && s && !(i && overlaps(i, r.window!))) {
        process.stderr.write(describeMiss(r.file.name, s.series, s.result, r.window!) + '\n');
        const c = missClass(s.series, s.result, r.window!);
        classes.set(c, (classes.get(c) ?? 0) + 1);
      }
    }
    if (verbose) for (const [c, n] of [...classes].sort((a, b) => b[1] - a[1])) process.stderr.write(`  ${String(n).padStart(3)} ${c}\n`);
    let quiet = 0;
    for (const r of controls) if (!found(r, unit)) quiet++;
    const ms = performance.now() - started;
    rows.push(
      {
        name: `${label}: labelled windows found`,
        value: hit / incidents.length,
        unit: 'fraction',
        note: `${hit} of ${incidents.length} windows in ${files.length} real-data files (${none} answered "no incident", the rest another time; ${skipped} windows with under a day of data before them left out); ranges from 2 days before a window`,
      },
      {
        name: `${label}: "no incident" on control ranges`,
        value: quiet / controls.length,
        unit: 'fraction',
        note: `${quiet} of ${controls.length} 3-day ranges clear of every labelled window; ${(ms / (incidents.length + controls.length)).toFixed(1)} ms per range`,
      }
    );
  }
  return rows;
}
