// Runs the detector on every source series over the long lookback, trims the outputs to the panel range,
// and turns the detector's per-series remarks into a few grouped notices (one line per remark, not per
// series). Pure: no I/O.
import { anomalyWindows } from '../../analytics/anomaly/detect';
import type { Notice } from '../../grafana/frame';
import type { ScoredSeries } from './frames';
import { fillGaps } from './gaps';
import { formatSpan } from './plan';
import { runDetector, type DetectorSettings } from './presets';
import { counterToRate, looksLikeCounter, type SourceSeries } from './series';

export interface ScoreOptions {
  detector: DetectorSettings;
  panel: { from: number; to: number };
  /** History wanted before the end of the range; less gives a short-history warning. */
  wantedHistoryMs: number;
  /** Source expression, for counter detection on raw PromQL. */
  expr?: string;
}

export interface ScoreResult {
  scored: ScoredSeries[];
  notices: Notice[];
}

/** Series with fewer scored points than this are reported as unscorable. */
const MIN_POINTS = 10;

class NoticeGroups {
  private groups = new Map<string, { severity: Notice['severity']; series: string[] }>();
  add(severity: Notice['severity'], text: string, series: string): void {
    const g = this.groups.get(text);
    if (g) g.series.push(series);
    else this.groups.set(text, { severity, series: [series] });
  }
  list(total: number): Notice[] {
    const out: Notice[] = [];
    for (const [text, g] of this.groups) {
      const who =
        total === 1 ? '' : g.series.length === total ? ` (all ${total} series)` : ` (${g.series.length} series: ${g.series.slice(0, 3).join(', ')}${g.series.length > 3 ? ' …' : ''})`;
      out.push({ severity: g.severity, text: `${text}${who}` });
    }
    // Warnings first.
    return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'warning' ? -1 : 1));
  }
}

/** Remarks of the detector that mean "less history than it needs". */
const SHORT_HISTORY_REMARK = /^only \d+ points? of history|^only \d+ point|scores start after/;

export function scoreSeries(series: SourceSeries[], opts: ScoreOptions): ScoreResult {
  const notices = new NoticeGroups();
  const scored: ScoredSeries[] = [];
  for (const s of series) {
    let values = s.values;
    if (looksLikeCounter(s.labels, values, opts.expr)) {
      values = counterToRate(s.times, values);
      s.counterRate = true;
      notices.add('info', 'Cumulative counter detected: anomalies are scored on its per-second rate (the interval across a reset is skipped). Wrap it in rate() to choose the window yourself', s.name);
    }
    const operational = opts.detector.preset === 'operational';
    // Detection runs on a regular grid; outputs map back to the real samples. The NAB preset's running
    // statistics need short gaps filled; the operational one skips gaps (and staleness repeats) instead.
    const reg = fillGaps(s.times, values, minStep(s.times));
    const input = reg ? { t: reg.times, v: operational ? reg.values.map((x, g) => (reg.imputed[g] ? null : x)) : reg.values } : { t: s.times, v: values };
    // Typed-array outputs (NaN = no baseline): only the panel range is converted to number | null below,
    // not the whole long lookback.
    const r = runDetector(input, opts.detector, s.counterRate ? 'cps' : s.config.unit);
    for (const remark of r.notices) notices.add(SHORT_HISTORY_REMARK.test(remark) ? 'warning' : 'info', `Anomaly detector: ${remark}`, s.name);
    const filled = reg ? reg.imputed.filter(Boolean).length : 0;
    if (filled && !operational) notices.add('info', 'Short gaps were filled from the previous day for detection only (no scores there; shown as gaps)', s.name);
    const slot = (i: number) => (reg ? reg.slotOf[i]! : i);
    const real = (i: number) => !reg || !reg.imputed[reg.slotOf[i]!];
    const n = s.times.length;
    const score = new Float64Array(n);
    const flag = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (!real(i)) continue;
      score[i] = r.score[slot(i)];
      flag[i] = r.flag[slot(i)];
    }

    let firstValue = Number.NaN;
    let finite = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== null && Number.isFinite(v)) {
        if (Number.isNaN(firstValue)) firstValue = s.times[i];
        finite++;
      }
    }
    const available = Number.isNaN(firstValue) ? 0 : opts.panel.to - firstValue;
    if (finite < MIN_POINTS) {
      notices.add('warning', `Too little data to detect anomalies (${finite} points; at least ${MIN_POINTS} needed)`, s.name);
    } else if (available < 0.9 * opts.wantedHistoryMs) {
      notices.add(
        'warning',
        `Short history: ${formatSpan(available)} of data before the end of the range, the detector wants ${formatSpan(opts.wantedHistoryMs)}; expected values, bands and scores are provisional`,
        s.name
      );
    }

    let lo = 0;
    while (lo < s.times.length && s.times[lo] < opts.panel.from) lo++;
    let hi = s.times.length;
    while (hi > lo && s.times[hi - 1] > opts.panel.to) hi--;
    let latestScore: number | null = null;
    for (let i = hi - 1; i >= lo; i--) {
      const v = values[i];
      if (v !== null && Number.isFinite(v) && real(i)) {
        latestScore = score[i];
        break;
      }
    }
    // The band columns of the panel range; null where the detector has no baseline yet.
    const m = hi - lo;
    const expected = new Array<number | null>(m);
    const lower = new Array<number | null>(m);
    const upper = new Array<number | null>(m);
    for (let k = 0; k < m; k++) {
      const g = slot(lo + k);
      const e = r.expected[g];
      const has = e === e;
      expected[k] = has ? e : null;
      lower[k] = has ? r.lower[g] : null;
      upper[k] = has ? r.upper[g] : null;
    }
    // NAB preset: flag = inside an anomaly window (from the de-duplicated trigger while the score stays
    // high), so a flag run, the annotation region and a "time in anomaly" stat all agree. The operational
    // detector flags every anomalous point itself and merges them into windows.
    const windows = operational ? r.windows : anomalyWindows(s.times, score, flag, r.threshold);
    const inWindow = new Array<number>(n).fill(0);
    if (operational) {
      for (let i = 0; i < n; i++) inWindow[i] = flag[i];
    } else {
      let w = 0;
      for (let i = 0; i < n; i++) {
        while (w < windows.length && windows[w]!.end < s.times[i]!) w++;
        if (w < windows.length && windows[w]!.start <= s.times[i]! && real(i)) inWindow[i] = 1;
      }
    }
    scored.push({
      source: s,
      times: s.times.slice(lo, hi),
      values: values.slice(lo, hi),
      expected,
      lower,
      upper,
      score: Array.from(score.subarray(lo, hi)),
      flag: inWindow.slice(lo, hi),
      windows,
      threshold: r.threshold,
      latestScore,
    });
  }
  return { scored, notices: notices.list(series.length) };
}

/** Smallest positive spacing of the timestamps: the source's step. */
function minStep(times: number[]): number {
  let best = Infinity;
  for (let i = 1; i < times.length; i++) {
    const d = times[i]! - times[i - 1]!;
    if (d > 0 && d < best) best = d;
  }
  return best;
}

