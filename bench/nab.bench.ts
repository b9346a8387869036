// NAB scores of the default detector (three profiles + held-out halves) and the twitterADVec golden
// reproduction of the scorer. Baseline for our detector: the published Numenta HTM standard score (70.1).
import { loadFinalResults, loadNabCorpus, loadPublishedScores } from '../pkg/analytics/nab/corpus';
import { evaluateOnNab } from '../pkg/analytics/nab/evaluate';
import { prepareSeries, scoreCorpus } from '../pkg/analytics/nab/scorer';
import type { BenchRow } from './run';

export default async function run(): Promise<BenchRow[]> {
  const files = loadNabCorpus();
  const published = loadFinalResults();
  const r = evaluateOnNab(undefined, files);
  const twitter = scoreCorpus(files.map(prepareSeries), loadPublishedScores(files, 'twitterADVec')).profiles;
  const vs = (name: string, value: number, baseline: number): BenchRow => ({
    name,
    value,
    unit: 'NAB score',
    baseline,
    ratio: value / baseline,
  });
  return [
    vs('detector: standard (vs numenta HTM)', r.standard, published.numenta.standard),
    vs('detector: reward_low_FP_rate (vs numenta HTM)', r.lowFP, published.numenta.reward_low_FP_rate),
    vs('detector: reward_low_FN_rate (vs numenta HTM)', r.lowFN, published.numenta.reward_low_FN_rate),
    vs('detector: standard, held-out even→odd (vs in-sample)', r.heldOut.evenToOdd, r.standard),
    vs('detector: standard, held-out odd→even (vs in-sample)', r.heldOut.oddToEven, r.standard),
    vs('detector: low-FP, held-out even→odd', r.heldOut.lowFP[0], r.lowFP),
    vs('detector: low-FP, held-out odd→even', r.heldOut.lowFP[1], r.lowFP),
    vs('detector: low-FN, held-out even→odd', r.heldOut.lowFN[0], r.lowFN),
    vs('detector: low-FN, held-out odd→even', r.heldOut.lowFN[1], r.lowFN),
    { name: 'detector: whole-corpus run time (365,558 points)', value: r.seconds, unit: 's' },
    vs(
      'scorer golden: twitterADVec standard (vs published)',
      twitter.standard.normalised,
      published.twitterADVec.standard
    ),
    vs(
      'scorer golden: twitterADVec low-FP (vs published)',
      twitter.reward_low_FP_rate.normalised,
      published.twitterADVec.reward_low_FP_rate
    ),
    vs(
      'scorer golden: twitterADVec low-FN (vs published)',
      twitter.reward_low_FN_rate.normalised,
      published.twitterADVec.reward_low_FN_rate
    ),
  ];
}

if (process.argv[1]?.endsWith('nab.bench.ts')) {
  run().then((rows) => console.table(rows));
}
