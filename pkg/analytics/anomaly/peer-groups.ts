/**
 * Preparing peer groups for `peerOutliers`: which series are peers (same values of the group-by labels),
 * and their values on one shared time grid.
 */

export interface PeerGroupIndex {
  /** The group-by labels' values, e.g. { model: 'llama-3-70b' }. */
  key: Record<string, string>;
  /** Indices of the member series in the input. */
  members: number[];
}

/**
 * Groups series by the values of `by` (a series without one of the labels groups under ""). Groups keep the
 * order in which their first member appears; members keep input order.
 */
export function peerGroups(labelSets: ReadonlyArray<Record<string, string>>, by: readonly string[]): PeerGroupIndex[] {
  if (by.length === 0) throw new RangeError('peer grouping needs at least one label (e.g. model)');
  const groups = new Map<string, PeerGroupIndex>();
  labelSets.forEach((labels, i) => {
    const key: Record<string, string> = {};
    for (const l of by) key[l] = labels[l] ?? '';
    const id = JSON.stringify(by.map((l) => key[l]));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, members: [] }));
    g.members.push(i);
  });
  return [...groups.values()];
}

export interface TimedSeries {
  /** Epoch ms, ascending. */
  times: ArrayLike<number>;
  values: ArrayLike<number | null>;
}

/**
 * The series on the union of their timestamps (a Prometheus range query puts every series on one step grid,
 * but a series misses the steps where it had no sample): one Float64Array per series, NaN where it has no value.
 */
export function alignSeries(series: readonly TimedSeries[]): { times: Float64Array; rows: Float64Array[] } {
  const all: number[] = [];
  for (const s of series) {
    if (s.times.length !== s.values.length) {
      throw new RangeError(`a series has ${s.times.length} timestamps but ${s.values.length} values`);
    }
    for (let i = 0; i < s.times.length; i++) all.push(s.times[i]);
  }
  all.sort((a, b) => a - b);
  const times: number[] = [];
  for (const t of all) if (times.length === 0 || times[times.length - 1] !== t) times.push(t);
  const index = new Map(times.map((t, i) => [t, i]));
  const rows = series.map((s) => {
    const row = new Float64Array(times.length).fill(Number.NaN);
    for (let i = 0; i < s.times.length; i++) {
      const v = s.values[i];
      if (typeof v === 'number' && Number.isFinite(v)) row[index.get(s.times[i])!] = v;
    }
    return row;
  });
  return { times: Float64Array.from(times), rows };
}
