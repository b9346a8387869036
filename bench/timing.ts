// Timing helpers shared by the benches.

/** Median of the values (mean of the middle pair for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Best CPU time (user + system, ms) of each function over interleaved rounds, after one warm-up call each.
 * CPU time is not inflated by time slices lost to other processes on the shared machines.
 */
export function bestCpuTimes(fns: Array<() => unknown>, rounds: number): number[] {
  for (const fn of fns) fn();
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const c0 = process.cpuUsage();
      fn();
      const c = process.cpuUsage(c0);
      best[k] = Math.min(best[k], (c.user + c.system) / 1000);
    });
  }
  return best;
}
