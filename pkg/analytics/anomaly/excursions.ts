/**
 * Past excursions of one series beyond its band: when each ended and how far it went (signed). An excursion
 * that the series has already made several times in the last day, at least as far, is part of how it
 * behaves (a batch job every four hours, a nightly backup, a news burst), not an incident; a larger one is.
 */
export class ExcursionHistory {
  private readonly ends: number[] = [];
  private readonly peaks: number[] = [];

  /** Records an excursion that ended at grid index `end` with signed peak deviation `peak`. */
  record(end: number, peak: number): void {
    if (peak === 0 || peak !== peak) return;
    this.ends.push(end);
    this.peaks.push(peak);
  }

  /**
   * The `count`-th largest peak (by size) of the excursions on the same side as `deviation` that ended within
   * `horizon` points before `i`; 0 when there are fewer than `count` of them. Older excursions are dropped.
   */
  envelope(i: number, deviation: number, horizon: number, count: number): number {
    let drop = 0;
    while (drop < this.ends.length && i - this.ends[drop] > horizon) drop++;
    if (drop > 0) {
      this.ends.splice(0, drop);
      this.peaks.splice(0, drop);
    }
    const same: number[] = [];
    for (const p of this.peaks) if (p > 0 === deviation > 0) same.push(Math.abs(p));
    if (same.length < count) return 0;
    same.sort((a, b) => b - a);
    return same[count - 1];
  }
}
