// Gap handling before detection. A scrape outage leaves a hole that the detector's running statistics
// feel for a while afterwards (false alarms right after the gap). So, for the detector's input only,
// short gaps are filled with the same time one day earlier (level-adjusted), which keeps the noise
// and the daily shape; without a day of history, with the segment just before the gap. Prometheus'
// staleness repeats (the last value repeated up to 5 minutes into a gap) are treated as part of the gap.
// Imputed slots never score or flag, and the output shows only real samples.

const DAY_MS = 86_400_000;
/** Prometheus' default lookback delta: how long a vanished series keeps its last value in range queries. */
const STALENESS_MS = 5 * 60_000;
/** Gaps up to this long are filled; longer outages stay gaps. */
export const MAX_FILL_MS = 6 * 3_600_000;

export interface RegularSeries {
  times: number[];
  values: Array<number | null>;
  /** True where the value was imputed (or is a staleness repeat). */
  imputed: boolean[];
  /** Grid slot of each input point. */
  slotOf: number[];
}

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Returns undefined when the points do not sit on a regular grid of `stepMs` (nothing to fill then). */
export function fillGaps(times: ArrayLike<number>, values: ArrayLike<number | null>, stepMs: number): RegularSeries | undefined {
  const n = times.length;
  if (n < 2 || !(stepMs > 0)) return undefined;
  const t0 = times[0]!;
  const length = Math.round((times[n - 1]! - t0) / stepMs) + 1;
  if (length > 4 * n) return undefined;
  const grid: Array<number | null> = new Array(length).fill(null);
  const slotOf: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = Math.round((times[i]! - t0) / stepMs);
    if (Math.abs(times[i]! - (t0 + s * stepMs)) > stepMs / 4) return undefined;
    slotOf[i] = s;
    const v = values[i];
    grid[s] = finite(v) ? v : null;
  }
  const imputed = new Array<boolean>(length).fill(false);

  // Staleness repeats: identical values just before a gap are the last sample carried forward.
  const staleSlots = Math.max(0, Math.round(STALENESS_MS / stepMs));
  for (let s = 1; s < length; s++) {
    if (grid[s] !== null || grid[s - 1] === null) continue;
    let k = s - 1;
    let carried = 0;
    while (carried < staleSlots && k > 0 && grid[k - 1] !== null && grid[k] === grid[k - 1]) {
      grid[k] = null;
      imputed[k] = true;
      k--;
      carried++;
    }
  }

  const period = Math.round(DAY_MS / stepMs);
  const maxFill = Math.floor(MAX_FILL_MS / stepMs);
  const filled = [...grid];
  let s = 0;
  while (s < length) {
    if (grid[s] !== null) {
      s++;
      continue;
    }
    let e = s;
    while (e < length && grid[e] === null) e++;
    const len = e - s;
    // Fill interior gaps only (a series that starts or ends missing has nothing on one side).
    if (s > 0 && e < length && len <= maxFill) {
      const diffs: number[] = [];
      for (let j = Math.max(period, s - 10); j < s; j++) if (finite(grid[j]) && finite(grid[j - period])) diffs.push(grid[j]! - grid[j - period]!);
      const offset = median(diffs);
      for (let k = s; k < e; k++) {
        const dayAgo = k - period >= 0 ? grid[k - period] : null;
        const before = k - len >= 0 ? grid[k - len] : null;
        const v = finite(dayAgo) && diffs.length ? dayAgo + offset : finite(before) ? before : null;
        if (v !== null) {
          filled[k] = v;
          imputed[k] = true;
        }
      }
    }
    s = e;
  }
  return { times: Array.from({ length }, (_, i) => t0 + i * stepMs), values: filled, imputed, slotOf };
}
