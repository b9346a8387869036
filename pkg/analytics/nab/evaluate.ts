/**
 * Scores the default anomaly detector on the NAB corpus (all three profiles plus a held-out split).
 * Usage: npx tsx pkg/analytics/nab/evaluate.ts ['{"alphaValue":0.02,"hold":{"holdOffMs":43200000}}']
 *        (optional JSON overrides of the ensemble config; `hold` overrides the hold-off options; a point-based
 *        hold-off: '{"hold":{"holdOffMs":null,"holdOff":200}}').
 */
import { DEFAULT_ENSEMBLE, dailyLags, ensembleScores, type EnsembleConfig } from '../anomaly/ensemble';
import { applyHoldOff, NAB_HOLD_OFF, type HoldOffOptions } from '../anomaly/holdoff';
import { dailyPeriod, inferStepMs } from '../anomaly/sampling';
import { loadNabCorpus } from './corpus';
import { prepareSeries, scoreCorpus, scoreHeldOut, type ProfileName } from './scorer';

export interface NabReport {
  standard: number;
  lowFP: number;
  lowFN: number;
  threshold: number;
  heldOut: { evenToOdd: number; oddToEven: number; lowFP: [number, number]; lowFN: [number, number] };
  tp: number;
  fp: number;
  seconds: number;
}

/** The NAB detector: ensemble score, then (time-based) hold-off de-duplication. Sampling step is inferred per file. */
export function nabDetector(
  f: { timestamps: ArrayLike<number>; values: ArrayLike<number> },
  cfg: EnsembleConfig = DEFAULT_ENSEMBLE,
  hold: HoldOffOptions = NAB_HOLD_OFF
): Float64Array {
  const lags = dailyLags(dailyPeriod(inferStepMs(f.timestamps)));
  return applyHoldOff(ensembleScores(f.values, cfg, lags), hold, f.timestamps);
}

export function evaluateOnNab(
  cfg: EnsembleConfig = DEFAULT_ENSEMBLE,
  files = loadNabCorpus(),
  hold: HoldOffOptions = NAB_HOLD_OFF
): NabReport {
  const prepared = files.map(prepareSeries);
  const t0 = performance.now();
  const scores = files.map((f) => nabDetector(f, cfg, hold));
  const seconds = (performance.now() - t0) / 1000;
  const { profiles } = scoreCorpus(prepared, scores);
  const held = scoreHeldOut(prepared, scores);
  const pair = (p: ProfileName): [number, number] => [held.evenToOdd[p].normalised, held.oddToEven[p].normalised];
  return {
    standard: profiles.standard.normalised,
    lowFP: profiles.reward_low_FP_rate.normalised,
    lowFN: profiles.reward_low_FN_rate.normalised,
    threshold: profiles.standard.threshold,
    heldOut: {
      evenToOdd: held.evenToOdd.standard.normalised,
      oddToEven: held.oddToEven.standard.normalised,
      lowFP: pair('reward_low_FP_rate'),
      lowFN: pair('reward_low_FN_rate'),
    },
    tp: profiles.standard.tp,
    fp: profiles.standard.fp,
    seconds,
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '');
if (isMain) {
  const overrides = JSON.parse(process.argv.slice(2).find((a) => a.startsWith('{')) ?? '{}');
  const cfg = { ...DEFAULT_ENSEMBLE, ...overrides };
  const hold = { ...NAB_HOLD_OFF, ...(overrides.hold ?? {}) };
  const r = evaluateOnNab(cfg, loadNabCorpus(), hold);
  const f = (x: number) => x.toFixed(2);
  console.log(
    `standard ${f(r.standard)}  lowFP ${f(r.lowFP)}  lowFN ${f(r.lowFN)}  | held-out std ${f(r.heldOut.evenToOdd)}/${f(r.heldOut.oddToEven)} ` +
      `lowFP ${f(r.heldOut.lowFP[0])}/${f(r.heldOut.lowFP[1])} lowFN ${f(r.heldOut.lowFN[0])}/${f(r.heldOut.lowFN[1])} | thr ${r.threshold.toFixed(4)} tp ${r.tp} fp ${r.fp} | detector ${r.seconds.toFixed(2)} s`
  );
}
