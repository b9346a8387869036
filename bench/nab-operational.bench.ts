// The operational detector (the product default) on real data nobody here wrote: the real-world files of
// NAB (AWS CloudWatch CPU, disk and network, ad exchange, known-cause incidents, traffic, tweets; MIT, in
// ../shared/data/nab), read the way an on-call engineer reads a flag, as one page per flagged episode.
// Per detector: share of labelled windows paged (an episode starting inside or up to a window's width before
// it), pages outside any window per series-day, and NAB's own standard score with episode starts as the
// detections. Baseline in the same run: the NAB preset (`detector.method: nab`) at its tuned threshold.
// The unit of NAB's values is unknown, so the detector runs with the unknown-unit floor (10 % of the level);
// the two temperature files are also run with their unit (°F) against the 5 ° floor used before.
import { detectOperational } from '../pkg/analytics/anomaly/operational';
import { detectColumns, thresholdFor } from '../pkg/analytics/anomaly/detect';
import { loadNabCorpus, type NabFile } from '../pkg/analytics/nab/corpus';
import { prepareSeries, scoreCorpus } from '../pkg/analytics/nab/scorer';
import type { BenchRow } from './run';

const DAY_MS = 86_400_000;

interface Pages {
  /** Row index of each episode start. */
  starts: number[];
}

/** Episode starts: the first flagged row after at least `gap` unflagged rows. */
function episodeStarts(flag: ArrayLike<number | boolean>, gap: number): number[] {
  const out: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < flag.length; i++) {
    if (!flag[i]) continue;
    if (i - last > gap) out.push(i);
    last = i;
  }
  return out;
}

interface Tally {
  windows: number;
  windowsPaged: number;
  pagesOutside: number;
  seriesDays: number;
  standard: number;
}

function tally(files: NabFile[], pages: Pages[]): Tally {
  let windows = 0;
  let windowsPaged = 0;
  let pagesOutside = 0;
  let seriesDays = 0;
  const detections: Float64Array[] = [];
  files.forEach((f, k) => {
    const ts = f.timestamps;
    seriesDays += (ts[ts.length - 1] - ts[0]) / DAY_MS;
    const det = new Float64Array(ts.length);
    for (const i of pages[k].starts) det[i] = 1;
    detections.push(det);
    // A page counts for a window if it starts inside it or up to one window width before (early warning).
    const covering = (t: number) => f.windows.some(([a, b]) => t >= a - (b - a) && t <= b);
    for (const i of pages[k].starts) if (!covering(ts[i])) pagesOutside++;
    for (const [a, b] of f.windows) {
      windows++;
      if (pages[k].starts.some((i) => ts[i] >= a - (b - a) && ts[i] <= b)) windowsPaged++;
    }
  });
  const standard = scoreCorpus(files.map(prepareSeries), detections).profiles.standard.normalised;
  return { windows, windowsPaged, pagesOutside, seriesDays, standard };
}

/**
 * The rows a time-series database would hold: a row whose timestamp is not after the previous one (one NAB
 * file repeats an hour at a clock change) is dropped. Returns the kept rows' original indices.
 */
function ascending(f: NabFile): { t: number[]; v: number[]; rows: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < f.timestamps.length; i++) {
    if (t.length && f.timestamps[i] <= t[t.length - 1]) continue;
    t.push(f.timestamps[i]);
    v.push(f.values[i]);
    rows.push(i);
  }
  return { t, v, rows };
}

/** Runs a flagger on a file's ascending rows and maps its episode starts back to the file's rows. */
function pagesOf(f: NabFile, flagger: (s: { t: number[]; v: number[] }) => ArrayLike<number>): Pages {
  const s = ascending(f);
  return { starts: episodeStarts(flagger(s), 3).map((i) => s.rows[i]) };
}

export default async function run(): Promise<BenchRow[]> {
  const files = loadNabCorpus().filter((f) => f.name.startsWith('real'));
  const operational = files.map((f) => pagesOf(f, (s) => detectOperational(s).flag));
  const threshold = thresholdFor(0.5);
  const nab = files.map((f) => pagesOf(f, (s) => Array.from(detectColumns(s).score, (x) => (x >= threshold ? 1 : 0))));
  const a = tally(files, operational);
  const b = tally(files, nab);
  const rows = (label: string, x: Tally, base?: Tally, fileCount = files.length): BenchRow[] => [
    {
      name: `${label}: labelled windows paged`,
      value: x.windowsPaged / x.windows,
      unit: 'fraction',
      ...(base ? { baseline: base.windowsPaged / base.windows, ratio: x.windowsPaged / x.windows / (base.windowsPaged / base.windows) } : {}),
      note: `${x.windowsPaged} of ${x.windows} windows in ${fileCount} real-data files`,
    },
    {
      name: `${label}: pages outside windows per series-day`,
      value: x.pagesOutside / x.seriesDays,
      unit: 'per series-day',
      ...(base ? { baseline: base.pagesOutside / base.seriesDays, ratio: x.pagesOutside / x.seriesDays / (base.pagesOutside / base.seriesDays) } : {}),
      note: `${x.pagesOutside} pages on ${x.seriesDays.toFixed(0)} series-days`,
    },
    {
      name: `${label}: NAB standard score, pages as detections`,
      value: x.standard,
      unit: 'NAB score',
      ...(base ? { baseline: base.standard, ratio: x.standard / base.standard } : {}),
    },
  ];
  // NAB's two real temperature files in °F with their unit set: the temperature floor on real sensors
  // (fahrenheit: 9 °F now; celsius carries 5 °, the floor fahrenheit had before 2026-12-07).
  const temps = files.filter((f) => /_temperature_system_failure\.csv$/.test(f.name));
  const withUnit = (unit: string) => tally(temps, temps.map((f) => pagesOf(f, (s) => detectOperational(s, { unit }).flag)));
  return [
    ...rows('operational (default)', a, b),
    ...rows('NAB preset, same paging', b),
    ...rows('temperature files, unit °F (9 °F floor)', withUnit('fahrenheit'), withUnit('celsius'), temps.length).slice(0, 2),
  ];
}
