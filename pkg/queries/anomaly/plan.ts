// How much history the detector reads and at which step. A dashboard often shows one hour; a seasonal
// baseline needs days. So the source is queried over a longer lookback at a coarser, day-dividing step
// (seasonal phases line up), the detector runs on all of it, and the outputs are trimmed to the panel.
import type { Seasonality } from '../../analytics/anomaly/detect';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Default history per seasonality: two full cycles plus margin for the seasonal baseline to engage. */
export const DEFAULT_HISTORY_MS: Record<Seasonality, number> = {
  auto: 3 * DAY,
  daily: 3 * DAY,
  weekly: 15 * DAY,
  none: DAY,
};

/** History a series should have before its scores are trusted (below: a short-history warning). */
export const WANTED_HISTORY_MS: Record<Seasonality, number> = {
  auto: 2 * DAY,
  daily: 2 * DAY,
  weekly: 14 * DAY,
  none: 6 * HOUR,
};

/** Points per series the detector is given at most (it runs at roughly 40k points/s per core). */
export const MAX_DETECT_POINTS = 5000;
/** Hard cap on the lookback whatever the panel range (memory and upstream load). */
export const MAX_LOOKBACK_MS = 62 * DAY;

/** Steps that divide a day, so every day's samples sit at the same phases. */
const NICE_STEPS_MS = [15_000, 30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

export interface DetectionPlan {
  /** Range the source is queried over (epoch ms). */
  from: number;
  to: number;
  /** Step requested from the source (the source may still raise it). */
  stepMs: number;
  historyMs: number;
  /** History wanted before scores are trusted. */
  wantedHistoryMs: number;
}

export function niceStep(minMs: number): number {
  return NICE_STEPS_MS.find((s) => s >= minMs) ?? Math.ceil(minMs / DAY) * DAY;
}

/**
 * @param panel the dashboard's range; @param panelStepMs the step the source would use for the panel
 * alone; @param historyMs explicit `detector.history` or undefined for the seasonality default.
 */
export function planDetection(panel: { from: number; to: number }, panelStepMs: number, seasonality: Seasonality, historyMs?: number): DetectionPlan {
  const history = historyMs ?? DEFAULT_HISTORY_MS[seasonality];
  // Warm-up before the panel start when the panel is longer than the history, so its first points are scored too.
  const warmup = Math.min(history, DAY);
  let from = Math.min(panel.to - history, panel.from - warmup);
  from = Math.max(from, panel.to - MAX_LOOKBACK_MS);
  const span = Math.max(1, panel.to - from);
  const stepMs = Math.max(panelStepMs, niceStep(span / MAX_DETECT_POINTS));
  // Samples on whole multiples of the step (epoch-aligned): when the range end moves, the same instants are
  // evaluated again, so past values, scores and flags stay what they were.
  from = Math.floor(from / stepMs) * stepMs;
  return { from, to: panel.to, stepMs, historyMs: history, wantedHistoryMs: Math.min(WANTED_HISTORY_MS[seasonality], history) };
}

/** "3d 4h", "45m": for notices. */
export function formatSpan(ms: number): string {
  if (ms >= DAY) {
    const d = Math.floor(ms / DAY);
    const h = Math.round((ms - d * DAY) / HOUR);
    return h ? `${d}d ${h}h` : `${d}d`;
  }
  if (ms >= HOUR) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MINUTE);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  return `${Math.max(0, Math.round(ms / MINUTE))}m`;
}
