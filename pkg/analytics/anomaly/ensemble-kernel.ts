import { invStd as invStdImported, zToScore as zToScoreImported } from './likelihood';

/**
 * The ensemble's hot loop (see `ensembleScores` for what it computes), run block by block. Between blocks
 * its state lives in two small typed arrays; inside a block, in locals (V8 boxes double-valued object fields,
 * which would cost most of this loop's speed). Called many times, the loop compiles as an ordinary optimised
 * function: a single call over a long series would run as on-stack-replaced code, which V8 compiles with
 * some loop variables boxed and which measured up to twice as slow.
 */

// Hot helpers as module constants: when modules are loaded one by one (tsx, vitest) every use of an imported
// binding goes through a getter, which keeps V8 from inlining it (bundled builds are unaffected).
const invStd = invStdImported;
const zToScore = zToScoreImported;

/** Points before winsorising starts (the variance starts at 0). */
export const CLIP_WARMUP = 30;

/** Residuals above this multiple of their running mean are clipped when comparing the two models. */
export const COMPARE_CLIP = 4;

/** Slots of the double-valued state (`KernelState.f`). */
const enum F {
  s0,
  s1,
  l0,
  l1,
  q0,
  q1,
  cut0,
  cut1,
  halfIs0,
  halfIs1,
  ss,
  sl,
  sq,
  sCut,
  sHalfIs,
  mean,
  variance,
  fastMs,
  slowMs,
  prev,
  lo,
  hi,
  breakHi,
  breakLo,
  halfQuantum,
  seasonalAbs,
  ewmaAbs,
  size,
}

/** Slots of the integer state (`KernelState.k`). */
const enum K {
  shortPos,
  shortCount,
  longPos,
  longCount,
  seen,
  phase,
  sShortPos,
  sShortCount,
  sLongPos,
  sLongCount,
  sSeen,
  sPhase,
  count,
  size,
}

/** Settings of one run, fixed for all its blocks (`KernelSettings.c`). */
const enum C {
  shortW,
  minHistory,
  minVar,
  stride,
  longCap,
  invShortW,
  invLongCap,
  seasonalFrom,
  aV,
  aD,
  aS,
  zh,
  clipZ,
  aF,
  varHalf,
  gate,
  exclusive,
  breakoutTol,
  breakoutWarmup,
  breakoutMinZ,
  size,
}

export interface KernelSettings {
  shortW: number;
  minHistory: number;
  minStd: number;
  stride: number;
  longCap: number;
  /** First index the seasonal detector may run at (the series length when it is off). */
  seasonalFrom: number;
  alphaValue: number;
  alphaDiff: number;
  alphaSeasonal: number;
  zHalf: number;
  clipZ: number;
  alphaFastVar: number;
  varHalf: number;
  seasonalGate: number;
  seasonalExclusive: boolean;
  /** 0 = range breakouts off. */
  breakoutTolerance: number;
  breakoutWarmup: number;
  breakoutMinZ: number;
}

/** Everything the loop carries from one block to the next. */
export interface KernelState {
  f: Float64Array;
  k: Int32Array;
  c: Float64Array;
  shortRing: Float64Array;
  longRing: Float64Array;
  seasShortRing: Float64Array;
  seasLongRing: Float64Array;
}

export function newKernelState(s: KernelSettings): KernelState {
  const f = new Float64Array(F.size);
  f[F.lo] = Number.POSITIVE_INFINITY;
  f[F.hi] = Number.NEGATIVE_INFINITY;
  f[F.breakHi] = Number.POSITIVE_INFINITY;
  f[F.breakLo] = Number.NEGATIVE_INFINITY;
  f[F.prev] = Number.NaN;
  f[F.seasonalAbs] = Number.NaN;
  f[F.ewmaAbs] = Number.NaN;
  const c = new Float64Array(C.size);
  c[C.shortW] = s.shortW;
  c[C.minHistory] = s.minHistory;
  c[C.minVar] = s.minStd * s.minStd;
  c[C.stride] = s.stride;
  c[C.longCap] = s.longCap;
  c[C.invShortW] = 1 / s.shortW;
  c[C.invLongCap] = 1 / s.longCap;
  c[C.seasonalFrom] = s.seasonalFrom;
  c[C.aV] = s.alphaValue;
  c[C.aD] = s.alphaDiff;
  c[C.aS] = s.alphaSeasonal;
  c[C.zh] = s.zHalf;
  c[C.clipZ] = s.clipZ;
  c[C.aF] = s.alphaFastVar;
  c[C.varHalf] = s.varHalf;
  c[C.gate] = s.seasonalGate;
  c[C.exclusive] = s.seasonalExclusive ? 1 : 0;
  c[C.breakoutTol] = s.breakoutTolerance;
  c[C.breakoutWarmup] = s.breakoutWarmup;
  c[C.breakoutMinZ] = s.breakoutMinZ;
  return {
    f,
    k: new Int32Array(K.size),
    c,
    shortRing: new Float64Array(2 * s.shortW),
    longRing: new Float64Array(2 * s.longCap),
    seasShortRing: new Float64Array(s.shortW),
    seasLongRing: new Float64Array(s.longCap),
  };
}

/**
 * Scores values[from..to) into out[from..to). `medians[i − medianOffset]` is the same-phase median of index i
 * (read only from `seasonalFrom` on); the four trace columns are written when `withTrace` (they may be empty
 * otherwise).
 */
/**
 * Branch-free arithmetic for the comparisons whose outcome is a coin flip on noisy data (is this short mean
 * above its long-run mean? which detector is higher?). V8 compiles float ternaries and Math.max to branches,
 * and a mispredicted branch costs more than these three or four instructions.
 */

/**
 * `standardised(x, mu, invSd)` (likelihood.ts) without a branch: (x − cut)⁺·invSd with cut = mu + 1e-12,
 * given as `cut` and `halfInvSd` = invSd / 2 (both kept so, between refits, to spare two operations here).
 */
function positiveZ(x: number, cut: number, halfInvSd: number): number {
  const t = x - cut;
  return (t + Math.abs(t)) * halfInvSd; // 2·t⁺, exactly
}

/** Cut of `positiveZ` for a fitted mean. */
const Z_CUT_ABOVE_MEAN = 1e-12;

/** max(a, b) of finite values without a branch (within two units in the last place). */
function maxOf(a: number, b: number): number {
  return 0.5 * (a + b + Math.abs(a - b));
}

export function scoreBlock(
  values: Float64Array,
  from: number,
  to: number,
  out: Float64Array,
  medians: Float64Array,
  medianOffset: number,
  withTrace: boolean,
  traceMean: Float64Array,
  traceSd: Float64Array,
  traceFloor: Float64Array,
  traceFits: Uint8Array,
  state: KernelState
): void {
  const { f, k, c, shortRing, longRing, seasShortRing, seasLongRing } = state;
  const shortW = c[C.shortW] | 0;
  const minHistory = c[C.minHistory];
  const minVar = c[C.minVar];
  const stride = c[C.stride] | 0;
  const longCap = c[C.longCap] | 0;
  const invShortW = c[C.invShortW];
  const invLongCap = c[C.invLongCap];
  const seasonalFrom = c[C.seasonalFrom];
  const aV = c[C.aV];
  const aD = c[C.aD];
  const aS = c[C.aS];
  const zh = c[C.zh];
  const clipZ = c[C.clipZ];
  const aF = c[C.aF];
  const varHalf = c[C.varHalf];
  const gate = c[C.gate];
  const exclusive = c[C.exclusive] === 1;
  const breakoutTol = c[C.breakoutTol];
  const breakout = breakoutTol > 0;
  const breakoutWarmup = c[C.breakoutWarmup];
  const breakoutMinZ = c[C.breakoutMinZ];

  let s0 = f[F.s0];
  let s1 = f[F.s1];
  let cut0 = f[F.cut0];
  let cut1 = f[F.cut1];
  let halfIs0 = f[F.halfIs0];
  let halfIs1 = f[F.halfIs1];
  let ss = f[F.ss];
  let sCut = f[F.sCut];
  let sHalfIs = f[F.sHalfIs];
  let mean = f[F.mean];
  let variance = f[F.variance];
  let fastMs = f[F.fastMs];
  let slowMs = f[F.slowMs];
  let prev = f[F.prev];
  let lo = f[F.lo];
  let hi = f[F.hi];
  let breakHi = f[F.breakHi];
  let breakLo = f[F.breakLo];
  let halfQuantum = f[F.halfQuantum];
  let seasonalAbs = f[F.seasonalAbs];
  let ewmaAbs = f[F.ewmaAbs];
  let shortPos = k[K.shortPos];
  let shortCount = k[K.shortCount];
  let seen = k[K.seen];
  let phase = k[K.phase];
  let sShortPos = k[K.sShortPos];
  let sShortCount = k[K.sShortCount];
  let sSeen = k[K.sSeen];
  let sPhase = k[K.sPhase];
  let count = k[K.count];

  for (let i = from; i < to; i++) {
    const x = values[i];
    if (!(x - x === 0)) {
      // Missing (NaN / ±∞): score 0, state unchanged.
      if (withTrace && count > 0) {
        const floor = Math.max(halfQuantum, 1e-9 * (Math.abs(mean) + 1));
        traceMean[i] = mean;
        traceSd[i] = Math.max(Math.sqrt(variance), floor);
        traceFloor[i] = floor;
        traceFits[i] = seasonalAbs <= ewmaAbs ? 1 : 0;
      }
      continue;
    }
    if (count === 0) {
      mean = x;
      lo = hi = prev = x;
      count = 1;
      continue;
    }
    const relFloor = 1e-9 * (Math.abs(mean) + 1);
    const floor = halfQuantum > relFloor ? halfQuantum : relFloor;
    const rootVar = Math.sqrt(variance);
    const sdV = rootVar > floor ? rootVar : floor;
    const dev = x - mean;
    const absDev = Math.abs(dev);
    const d = x - prev;
    const absD = Math.abs(d);
    // z/(z + h) with z = |dev|/sd, written with one division.
    const rawV = absDev / (absDev + zh * sdV);
    // (Math.abs compiles to a mask; a ternary on the sign of noise would be a coin-flip branch.)

    let rawVar = 0;
    if (aF > 0) {
      // Winsorised differences: one wild point (a counter reset) must not read as a change of variance
      // on the way in and again, inverted, while the slow average decays.
      // Compared in squares: the square root is only needed on the rare clipped point.
      const f2 = floor * floor;
      let d2 = d * d;
      if (count > CLIP_WARMUP && clipZ > 0) {
        const cap2 = clipZ * clipZ * (slowMs > f2 ? slowMs : f2);
        if (d2 > cap2) d2 = cap2;
      }
      fastMs += aF * (d2 - fastMs);
      slowMs += aD * (d2 - slowMs);
      // y = |f − s|/(f + s), squashed as y/(y + varHalf/2), in one division: a logarithm of the ratio
      // here, and its chain of dependent operations, cost a quarter of this loop's time.
      const fa = fastMs + f2;
      const sb = slowMs + f2;
      const dv = Math.abs(fa - sb);
      rawVar = dv / (dv + 0.5 * varHalf * (fa + sb));
    }
    // Likelihood: short means of the two raw scores…
    const sp = 2 * shortPos;
    if (shortCount === shortW) {
      s0 -= shortRing[sp];
      s1 -= shortRing[sp + 1];
    } else shortCount++;
    shortRing[sp] = rawV;
    shortRing[sp + 1] = rawVar;
    s0 += rawV;
    s1 += rawVar;
    shortPos = shortPos + 1 === shortW ? 0 : shortPos + 1;
    const invShort = shortCount === shortW ? invShortW : 1 / shortCount;
    const m0 = s0 * invShort;
    const m1 = s1 * invShort;
    // The seasonal baseline for x, if any, and whether it replaces the value detector here.
    const expected = i >= seasonalFrom ? medians[i - medianOffset] : Number.NaN;
    const seasonal = expected === expected;
    const r = Math.abs(x - expected);
    if (seasonal && seasonalAbs !== seasonalAbs) {
      seasonalAbs = r;
      ewmaAbs = absDev;
    }
    const gated = seasonal && seasonalAbs < gate * ewmaAbs;
    // …standardised against the Gaussian of earlier short means…
    let z = Number.NEGATIVE_INFINITY;
    let zVar = Number.NEGATIVE_INFINITY;
    if (seen >= minHistory) {
      if (aF > 0) zVar = positiveZ(m1, cut1, halfIs1);
      // (Not needed where the seasonal detector replaces it: z is set from zVar and zSeas below.)
      if (!(gated && exclusive)) {
        z = positiveZ(m0, cut0, halfIs0);
        if (aF > 0) z = maxOf(z, zVar);
      }
    }
    seen++;
    // …and every stride-th short mean joins the long window, which refits the Gaussians.
    if (++phase === stride) {
      // (The long window's sums and position live in the state arrays, not in locals: they change every
      // stride-th point only, and fewer live locals keep more of this loop in registers.)
      phase = 0;
      const longPos = k[K.longPos];
      let longCount = k[K.longCount];
      const lp = 2 * longPos;
      let l0 = f[F.l0];
      let l1 = f[F.l1];
      let q0 = f[F.q0];
      let q1 = f[F.q1];
      if (longCount === longCap) {
        const o0 = longRing[lp];
        const o1 = longRing[lp + 1];
        l0 -= o0;
        l1 -= o1;
        q0 -= o0 * o0;
        q1 -= o1 * o1;
      } else longCount++;
      longRing[lp] = m0;
      longRing[lp + 1] = m1;
      l0 += m0;
      l1 += m1;
      q0 += m0 * m0;
      q1 += m1 * m1;
      f[F.l0] = l0;
      f[F.l1] = l1;
      f[F.q0] = q0;
      f[F.q1] = q1;
      k[K.longCount] = longCount;
      k[K.longPos] = longPos + 1 === longCap ? 0 : longPos + 1;
      const inv = longCount === longCap ? invLongCap : 1 / longCount;
      const fit0 = l0 * inv;
      const fit1 = l1 * inv;
      cut0 = fit0 + Z_CUT_ABOVE_MEAN;
      cut1 = fit1 + Z_CUT_ABOVE_MEAN;
      halfIs0 = 0.5 * invStd(fit0, q0 * inv, minVar);
      halfIs1 = 0.5 * invStd(fit1, q1 * inv, minVar);
    }

    let seasonalFits = 0;
    {
      if (seasonal) {
        const sScale = 1.25 * seasonalAbs;
        const rawS = r / (r + zh * (sScale > floor ? sScale : floor));
        // Seasonal likelihood, as above with one channel.
        if (sShortCount === shortW) ss -= seasShortRing[sShortPos];
        else sShortCount++;
        seasShortRing[sShortPos] = rawS;
        ss += rawS;
        sShortPos = sShortPos + 1 === shortW ? 0 : sShortPos + 1;
        const mS = ss * (sShortCount === shortW ? invShortW : 1 / sShortCount);
        const zSeas = sSeen >= minHistory ? positiveZ(mS, sCut, sHalfIs) : Number.NEGATIVE_INFINITY;
        sSeen++;
        if (++sPhase === stride) {
          sPhase = 0;
          const sLongPos = k[K.sLongPos];
          let sLongCount = k[K.sLongCount];
          let sl = f[F.sl];
          let sq = f[F.sq];
          if (sLongCount === longCap) {
            const o = seasLongRing[sLongPos];
            sl -= o;
            sq -= o * o;
          } else sLongCount++;
          seasLongRing[sLongPos] = mS;
          sl += mS;
          sq += mS * mS;
          f[F.sl] = sl;
          f[F.sq] = sq;
          k[K.sLongCount] = sLongCount;
          k[K.sLongPos] = sLongPos + 1 === longCap ? 0 : sLongPos + 1;
          const inv = sLongCount === longCap ? invLongCap : 1 / sLongCount;
          const fit = sl * inv;
          sCut = fit + Z_CUT_ABOVE_MEAN;
          sHalfIs = 0.5 * invStd(fit, sq * inv, minVar);
        }
        if (gated) {
          // (Warming up, zSeas is −∞ and zVar may be: no arithmetic max there.)
          const other = exclusive ? zVar : z;
          z =
            zSeas === Number.NEGATIVE_INFINITY || other === Number.NEGATIVE_INFINITY
              ? zSeas > other
                ? zSeas
                : other
              : maxOf(other, zSeas);
        }
        if (seasonalAbs <= ewmaAbs) seasonalFits = 1;
        // Clipped so that an anomaly in progress cannot switch the model comparison off.
        const rc = COMPARE_CLIP * seasonalAbs;
        const ec = COMPARE_CLIP * ewmaAbs;
        seasonalAbs += aS * ((r < rc ? r : rc) - seasonalAbs);
        ewmaAbs += aS * ((absDev < ec ? absDev : ec) - ewmaAbs);
      }
    }
    if (withTrace) {
      traceMean[i] = mean;
      traceSd[i] = sdV;
      traceFloor[i] = floor;
      traceFits[i] = seasonalFits;
    }

    let score = zToScore(z);
    if ((x > breakHi || x < breakLo) && count >= breakoutWarmup && absDev >= breakoutMinZ * sdV) score = 1;
    out[i] = score;

    // State updates come after scoring: the score for x never sees x in its own baseline.
    // No clipping while the variance is still warming up from zero.
    let devU = dev;
    if (clipZ > 0 && count > CLIP_WARMUP) {
      const clip = clipZ * sdV;
      devU = dev > clip ? clip : dev < -clip ? -clip : dev;
    }
    const incr = aV * devU;
    mean += incr;
    variance = (1 - aV) * (variance + devU * incr);
    if (absD > 0 && (halfQuantum === 0 || 0.5 * absD < halfQuantum)) halfQuantum = 0.5 * absD;
    if (x < lo || x > hi) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      // Breakout bounds move only with the range, so they are kept rather than recomputed per point.
      if (breakout && hi > lo) {
        const tol = (hi - lo) * breakoutTol;
        breakHi = hi + tol;
        breakLo = lo - tol;
      }
    }
    prev = x;
    count++;
  }

  f[F.s0] = s0;
  f[F.s1] = s1;
  f[F.cut0] = cut0;
  f[F.cut1] = cut1;
  f[F.halfIs0] = halfIs0;
  f[F.halfIs1] = halfIs1;
  f[F.ss] = ss;
  f[F.sCut] = sCut;
  f[F.sHalfIs] = sHalfIs;
  f[F.mean] = mean;
  f[F.variance] = variance;
  f[F.fastMs] = fastMs;
  f[F.slowMs] = slowMs;
  f[F.prev] = prev;
  f[F.lo] = lo;
  f[F.hi] = hi;
  f[F.breakHi] = breakHi;
  f[F.breakLo] = breakLo;
  f[F.halfQuantum] = halfQuantum;
  f[F.seasonalAbs] = seasonalAbs;
  f[F.ewmaAbs] = ewmaAbs;
  k[K.shortPos] = shortPos;
  k[K.shortCount] = shortCount;
  k[K.seen] = seen;
  k[K.phase] = phase;
  k[K.sShortPos] = sShortPos;
  k[K.sShortCount] = sShortCount;
  k[K.sSeen] = sSeen;
  k[K.sPhase] = sPhase;
  k[K.count] = count;
}
