import { collectEvents, type PeerEvent } from './peer-events';
import { bandKByPeerCount, PooledScale, sigmaFromMad } from './peer-scale';
import { madInPlace, median5, medianAndMad, medianInPlace } from './stats';

export type { PeerEvent } from './peer-events';

/**
 * Peer outliers: series that should behave alike (replicas serving one model, the GPUs of one host) are
 * compared with each other at every timestamp, not with their own history, so a replica that departs from
 * its siblings is found even when the fleet total looks normal, and a fleet-wide swing (diurnal load, a
 * traffic surge) moves the peer band with it instead of flagging everyone.
 *
 * At each timestamp the band is the median of the series reporting ± max(k·σ, effect floors). σ is the
 * peers' 1.4826·MAD (median and MAD ignore a minority of departing series), corrected for small groups and
 * pooled over the last hour of timestamps without a minority departing (peer-scale.ts); for positive
 * signals it is pooled relative to the median's level. A series' departure is its distance from the median
 * in band half-widths, taken as the median over the last `persistencePoints` points, so a one-scrape glitch
 * never flags and a sustained departure does within about half that many points. Everything at a point
 * depends only on that point and earlier ones: flags do not change when the range end moves (they can when
 * the start moves, so callers should start the analysis at a stable, step-aligned time before the panel).
 */
export interface PeerOptions {
  /**
   * 0 = only blatant departures, 1 = small ones. Band half-width k = 5.5 − 3·sensitivity σ (4 at 0.5),
   * widened for large groups so that about 0.02 healthy peers sit outside it by chance.
   */
  sensitivity?: number;
  /**
   * Smallest departure that can flag, as a share of the peer median (default 0.2: 20 %). Keeps identical
   * replicas with small, steady differences (load-balancer skew, a slightly slower card) from flagging.
   */
  minRelativeEffect?: number;
  /** Smallest departure that can flag, in the signal's unit (default 0), e.g. 5 °C or 0.01 for a ratio. */
  minAbsoluteEffect?: number;
  /** Points the departure must persist (median over the last N points, odd, 1–15; default 5). */
  persistencePoints?: number;
  /** Which departures count: `both` (default), `up` only (latency, errors) or `down` only (throughput). */
  direction?: PeerDirection;
  /** Series that must report at a timestamp for a comparison (default and minimum 3). */
  minPeers?: number;
  /** Signal domain: the drawn band is clipped to it (latencies ≥ 0, ratios ≤ 1); scores are not. */
  domain?: { min?: number; max?: number };
}

export type PeerDirection = 'both' | 'up' | 'down';

export interface PeerResult {
  /** Per timestamp, shared by all series of the group: the peer median and the band (NaN with too few peers). */
  median: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Per timestamp: how many series had a value. */
  peers: Int32Array;
  /**
   * Per series per point: 0–1, half the persistent departure in band half-widths (0.5 at the band edge,
   * 1 at twice the band's distance); 0 without a value or without enough peers.
   */
  score: Float64Array[];
  /**
   * Per series per point: 1 where the persistent departure is outside the band (score ≥ 0.5); a flagged
   * series stays flagged down to score 0.3 (hysteresis).
   */
  flag: Uint8Array[];
  events: PeerEvent[];
  notices: string[];
  /** Band half-width in σ units, and the score at and above which a point is flagged. */
  bandK: number;
  threshold: number;
}

export const PEER_DEFAULTS = {
  sensitivity: 0.5,
  minRelativeEffect: 0.2,
  minAbsoluteEffect: 0,
  persistencePoints: 5,
  direction: 'both' as PeerDirection,
  minPeers: 3,
};

/** Score at which a point is flagged: the persistent departure reaches the band edge. */
export const PEER_THRESHOLD = 0.5;
/** A flagged series stays flagged while its persistent departure is at least this many band half-widths (score 0.3). */
const PEER_HOLD = 0.6;

/** Above this many series the per-timestamp median uses selection instead of insertion sort. */
const SORT_LIMIT = 24;
/**
 * σ is pooled over the last SCALE_WINDOW timestamps it may learn from (an hour at a 15 s scrape). Pooling
 * only every 4th timestamp was 20 % faster on 8-GPU groups but doubled false windows with 3 replicas.
 */
const SCALE_WINDOW = 240;

export function peerOutliers(series: ReadonlyArray<ArrayLike<number | null>>, opts: PeerOptions = {}): PeerResult {
  const o = validate(series, opts);
  const n = series.length;
  const m = n > 0 ? series[0].length : 0;
  const bandK = 5.5 - 3 * o.sensitivity;
  const result: PeerResult = {
    median: new Float64Array(m).fill(Number.NaN),
    lower: new Float64Array(m).fill(Number.NaN),
    upper: new Float64Array(m).fill(Number.NaN),
    peers: new Int32Array(m),
    score: series.map(() => new Float64Array(m)),
    flag: series.map(() => new Uint8Array(m)),
    events: [],
    notices: [],
    bandK,
    threshold: PEER_THRESHOLD,
  };
  if (n < o.minPeers) {
    result.notices.push(`Peer comparison needs at least ${o.minPeers} series that should behave alike; this group has ${n}.`);
    return result;
  }
  const rows = series.map(toFloat64);
  const half = new Float64Array(m).fill(Number.NaN);
  const short = scan(rows, o, bandK, result, half);
  if (short > 0) {
    result.notices.push(`${short} of ${m} timestamps had fewer than ${o.minPeers} series reporting; no peer comparison there.`);
  }
  for (let s = 0; s < n; s++) {
    const inputs = { row: rows[s], flag: result.flag[s], score: result.score[s], median: result.median, half, peers: result.peers };
    collectEvents(s, inputs, o.persistencePoints, result.events);
  }
  result.events.sort((a, b) => a.onset - b.onset || b.peakScore - a.peakScore);
  return result;
}

/**
 * One pass in time order (the pooled σ at a timestamp depends on which series were flagged before it):
 * the peer median and band, then each series' departure, its persistent value, score and flag.
 * Returns how many timestamps had some but too few peers.
 */
function scan(rows: Float64Array[], o: Resolved, bandK: number, r: PeerResult, half: Float64Array): number {
  const n = rows.length;
  const m = r.median.length;
  const p = o.persistencePoints;
  const buf = new Float64Array(n);
  const mm = new Float64Array(2);
  const kFor = bandKByPeerCount(n, bandK);
  const pool = new PooledScale(SCALE_WINDOW);
  // The last p departures of every series (series s at s·p + t mod p); NaN = no value.
  const recent = new Float64Array(n * p).fill(Number.NaN);
  const win = new Float64Array(p);
  const sign = o.direction === 'up' ? 1 : o.direction === 'down' ? -1 : 0;
  const relative = allPositive(rows);
  const levels = new Float64Array(p).fill(Number.NaN);
  let short = 0;
  for (let t = 0; t < m; t++) {
    let c = 0;
    for (let s = 0; s < n; s++) {
      const v = rows[s][t];
      if (v === v) buf[c++] = v;
    }
    r.peers[t] = c;
    const slot = t % p;
    if (c < o.minPeers) {
      if (c > 0) short++;
      levels[slot] = Number.NaN;
      for (let s = 0; s < n; s++) recent[s * p + slot] = Number.NaN;
      continue;
    }
    let med: number;
    let mad: number;
    if (c <= SORT_LIMIT) {
      medianAndMad(buf, c, mm);
      med = mm[0];
      mad = mm[1];
    } else {
      med = medianInPlace(buf, c);
      mad = madInPlace(buf, c, med);
    }
    // Positive signals pool their spread relative to the median's recent level (its median over the last p
    // timestamps, so with 3 peers one replica's jump does not resize the band), so a fleet-wide doubling
    // doubles the band within the persistence window.
    levels[slot] = med;
    const unit = relative ? recentLevel(levels, p, t) : 1;
    const sigma = sigmaFromMad(mad, c) / unit;
    let h = kFor[c] * pool.current(sigma) * unit;
    const rel = o.minRelativeEffect * Math.abs(med);
    if (rel > h) h = rel;
    if (o.minAbsoluteEffect > h) h = o.minAbsoluteEffect;
    r.median[t] = med;
    half[t] = h;
    // h = 0 only when the peers have always been identical and no floor is set: then any difference departs.
    r.lower[t] = Math.max(med - h, o.domainMin);
    r.upper[t] = Math.min(med + h, o.domainMax);

    let flagged = 0;
    for (let s = 0; s < n; s++) {
      const base = s * p;
      const diff = rows[s][t] - med;
      const d = h > 0 ? diff / h : diff === 0 ? 0 : diff > 0 ? Number.POSITIVE_INFINITY : diff < 0 ? Number.NEGATIVE_INFINITY : Number.NaN;
      recent[base + slot] = d;
      if (d !== d) continue; // no value here: score 0, no flag
      const persistent = persistentDeparture(recent, base, p, t, win);
      if (persistent !== persistent) continue;
      const dep = sign === 0 ? Math.abs(persistent) : sign * persistent;
      if (dep <= 0) continue;
      r.score[s][t] = dep >= 2 ? 1 : dep / 2;
      // Hysteresis: a departure stays flagged until it is well back inside the band, so one that hovers
      // around the band edge is one event, not many.
      if (dep >= 1 || (dep >= PEER_HOLD && t > 0 && r.flag[s][t - 1] === 1)) {
        r.flag[s][t] = 1;
        flagged++;
      }
    }
    // A minority departing is what this detector finds: their spread must not widen the band for them.
    if (!(flagged > 0 && 2 * flagged < c)) pool.learn(sigma);
  }
  return short;
}

/** Median of the finite peer medians among the last p timestamps (the current one is always finite). */
function recentLevel(levels: Float64Array, p: number, t: number): number {
  if (p === 5 && t >= 4 && Number.isFinite(levels[0] + levels[1] + levels[2] + levels[3] + levels[4])) {
    return median5(levels[0], levels[1], levels[2], levels[3], levels[4]);
  }
  const finite = levels.filter((v) => v === v);
  return medianInPlace(finite, finite.length);
}

/** Every value present is > 0 (latencies, rates of a busy service, temperatures): spread scales with level. */
function allPositive(rows: Float64Array[]): boolean {
  for (const row of rows) for (let t = 0; t < row.length; t++) if (row[t] <= 0) return false;
  return true;
}

/** Median of the finite departures among the last p (NaN unless they are a majority of p). */
function persistentDeparture(recent: Float64Array, base: number, p: number, t: number, win: Float64Array): number {
  if (p === 1) return recent[base];
  if (p === 5 && t >= 4) {
    const a = recent[base];
    const b = recent[base + 1];
    const c = recent[base + 2];
    const d = recent[base + 3];
    const e = recent[base + 4];
    // median5 needs finite values; gaps and departures from identical peers (±Infinity) take the general path.
    if (Number.isFinite(a + b + c + d + e)) return median5(a, b, c, d, e);
  }
  let c = 0;
  for (let j = 0; j < p; j++) {
    const v = recent[base + j];
    if (v === v) win[c++] = v;
  }
  if (c <= p >> 1) return Number.NaN;
  const sorted = win.subarray(0, c).sort();
  const h = c >> 1;
  // An even count averages the middle pair (±Infinity keeps its sign: a majority run has one sign).
  return c % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

interface Resolved {
  sensitivity: number;
  minRelativeEffect: number;
  minAbsoluteEffect: number;
  persistencePoints: number;
  direction: PeerDirection;
  minPeers: number;
  domainMin: number;
  domainMax: number;
}

function validate(series: ReadonlyArray<ArrayLike<number | null>>, opts: PeerOptions): Resolved {
  const o = { ...PEER_DEFAULTS, ...stripUndefined(opts) };
  if (!(o.sensitivity >= 0 && o.sensitivity <= 1)) {
    throw new RangeError(`peer sensitivity must be between 0 and 1, got ${o.sensitivity}`);
  }
  for (const key of ['minRelativeEffect', 'minAbsoluteEffect'] as const) {
    if (!(Number.isFinite(o[key]) && o[key] >= 0)) throw new RangeError(`peer ${key} must be a finite number ≥ 0, got ${o[key]}`);
  }
  const p = o.persistencePoints;
  if (!(Number.isInteger(p) && p >= 1 && p <= 15 && p % 2 === 1)) {
    throw new RangeError(`peer persistencePoints must be an odd whole number from 1 to 15, got ${p}`);
  }
  if (!['both', 'up', 'down'].includes(o.direction)) {
    throw new RangeError(`peer direction must be both, up or down, got "${o.direction}"`);
  }
  if (!(Number.isInteger(o.minPeers) && o.minPeers >= 3)) {
    throw new RangeError(`peer minPeers must be a whole number ≥ 3 (a median of two cannot tell which one departs), got ${o.minPeers}`);
  }
  const m = series.length > 0 ? series[0].length : 0;
  series.forEach((s, i) => {
    if (s.length !== m) throw new RangeError(`peer series must be aligned: series 0 has ${m} points, series ${i} has ${s.length}`);
  });
  const domainMin = opts.domain?.min ?? Number.NEGATIVE_INFINITY;
  const domainMax = opts.domain?.max ?? Number.POSITIVE_INFINITY;
  if (!(domainMin <= domainMax)) throw new RangeError(`peer domain min ${domainMin} is above max ${domainMax}`);
  return { ...o, domainMin, domainMax };
}


function stripUndefined<T extends object>(x: T): Partial<T> {
  return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Rows as Float64Array with NaN for gaps and non-finite values (a copy even of a Float64Array, so ±Infinity
 * never reaches the medians), so the per-timestamp gather reads one array type.
 */
function toFloat64(values: ArrayLike<number | null>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' && v - v === 0 ? v : Number.NaN;
  }
  return out;
}
