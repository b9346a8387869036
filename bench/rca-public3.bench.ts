// Third public microservice RCA benchmark: PetShop (Hardt et al., CLeaR 2024; GitHub
// amazon-science/petshop-root-cause-analysis, data CC-BY-4.0): 41 components of a real AWS application
// (containers, Lambdas, load balancers, queues, databases), latency / availability / requests at 5-minute
// periods, 68 injected issues (latency and availability faults), and the call graph. Scored by the
// repository's own protocol (code/rca_task.py): top-1 / top-3 recall per traffic scenario and issue
// metric, and specificity on splits of the normal data. CI cannot fetch the data: without PETSHOP_DATA
// this prints one notice row; bench/rca-public/petshop.test.ts checks the adapter on the committed subset.
import { existsSync } from 'node:fs';
import { analyzeRootCause } from '../pkg/analytics/rootcause/analyze';
import { answerOf } from './rca-public/nezha-eval';
import { listScenarios, loadScenario, type PetShopScenario } from './rca-public/petshop-data';
import { evaluateIssue, recallAt, specificityInput, specificitySplits, type PetShopResult } from './rca-public/petshop-eval';
import type { BenchRow } from './run';

export const HOW_TO_FETCH =
  'git clone https://github.com/amazon-science/petshop-root-cause-analysis /data/petshop; then PETSHOP_DATA=/data/petshop/dataset npm run bench rca-public3';

/**
 * The repository's own methods, run with its code on this data (code/run_experiments.py, low and high
 * traffic, train and test; the temporal scenarios' normal data is not in the repository's git objects
 * we could fetch), with PYTHONHASHSEED=0: the traversal breaks ties between equal scores in hash order,
 * so over 10 seeds its pooled top-1 ranged 0.481–0.654 (mean 0.569) and top-3 0.769–0.827; ranked
 * correlation and CIRCA gave the same result on every seed. Python 3.10, dowhy 0.9.1, networkx 2.8.8,
 * pandas 1.5.3, numpy 1.23.2, sfr-pyrca 1.0.1 (README says how). Counterfactual attribution took about
 * 7 minutes per issue and was not finished.
 */
export const PUBLISHED_METHODS: Record<string, { low: [number, number, number, number]; high: [number, number, number, number]; pooled: [number, number] }> = {
  // [latency top-1, latency top-3, availability top-1, availability top-3]
  "anomaly traversal (the repository's baseline)": { low: [0.571, 0.571, 0.667, 1.0], high: [0.571, 0.786, 0.5, 0.917], pooled: [0.577, 0.808] },
  'ranked correlation': { low: [0.429, 0.571, 0.75, 0.917], high: [0.643, 0.786, 0.833, 0.917], pooled: [0.654, 0.788] },
  CIRCA: { low: [0.357, 0.857, 0.417, 1.0], high: [0.5, 1.0, 0.0, 0.0], pooled: [0.327, 0.731] },
  RCD: { low: [0.071, 0.143, 0.583, 0.583], high: [0, 0, 0, 0], pooled: [0.154, 0.173] },
  'random walk': { low: [0, 0.143, 0, 0], high: [0, 0.071, 0, 0], pooled: [0, 0.058] },
  'ε-Diagnosis': { low: [0, 0, 0, 0], high: [0, 0, 0, 0], pooled: [0, 0] },
};

const METRICS = ['latency', 'availability'] as const;

function describeMiss(r: PetShopResult): string {
  return `${r.issue.id} (${r.issue.target.metric}): truth ${r.issue.rootCause} at ${r.position ?? (r.noCause ? 'no cause' : 'absent')}; named ${r.ranked.slice(0, 3).join(' > ')}`;
}

/** Specificity as rca_task.evaluate_specificity: per target, the share of normal-data splits answered "no cause". */
function specificity(s: PetShopScenario, metric: string): number {
  if (!s.normal) return NaN;
  const target = s.issues.find((i) => i.target.metric === metric)?.target;
  if (!target) return NaN;
  const splits = specificitySplits(s.normal.times.length);
  let empty = 0;
  for (const split of splits) if (answerOf(analyzeRootCause(specificityInput(s, split, target, s.edges))).noCause) empty++;
  return empty / splits.length;
}

export default async function run(): Promise<BenchRow[]> {
  const root = process.env.PETSHOP_DATA;
  if (!root) return [{ name: 'skipped: PETSHOP_DATA not set', value: NaN, unit: '', note: HOW_TO_FETCH }];
  if (!existsSync(root)) throw new Error(`PETSHOP_DATA=${root} does not exist. ${HOW_TO_FETCH}`);
  const rows: BenchRow[] = [];
  const all: PetShopResult[] = [];
  const allNoGraph: PetShopResult[] = [];
  /** With the graph but without the symptom (the target series). */
  const allNoTarget: PetShopResult[] = [];
  /** With the data's own times: the normal data lies months after the issues. */
  const allOwnTimes: PetShopResult[] = [];
  let analysisMs = 0;
  const skipped: string[] = [];
  for (const name of listScenarios(root)) {
    const s = loadScenario(root, name);
    if (!s.normal) {
      skipped.push(`${name} (${s.issues.length} issues: no noissue/metrics.csv)`);
      continue;
    }
    const started = performance.now();
    const results = s.issues.map((i) => evaluateIssue(s, i, s.edges));
    analysisMs += performance.now() - started;
    const noGraph = s.issues.map((i) => evaluateIssue(s, i));
    all.push(...results);
    allNoGraph.push(...noGraph);
    allNoTarget.push(...s.issues.map((i) => evaluateIssue(s, i, s.edges, analyzeRootCause, false)));
    allOwnTimes.push(...s.issues.map((i) => evaluateIssue(s, i, s.edges, analyzeRootCause, true, false)));
    const key = name.startsWith('low') ? 'low' : name.startsWith('high') ? 'high' : null;
    METRICS.forEach((metric, mi) => {
      const mine = results.filter((r) => r.issue.target.metric === metric);
      if (!mine.length) return;
      const traversal = key ? PUBLISHED_METHODS["anomaly traversal (the repository's baseline)"][key] : null;
      const corr = key ? PUBLISHED_METHODS['ranked correlation'][key] : null;
      for (const k of [1, 3]) {
        const idx = mi * 2 + (k === 1 ? 0 : 1);
        rows.push({
          name: `PetShop ${name} ${metric} top-${k}`,
          value: recallAt(mine, k),
          unit: 'share',
          baseline: traversal ? traversal[idx] : undefined,
          ratio: traversal ? recallAt(mine, k) / traversal[idx] : undefined,
          note: `${mine.length} issues; baseline = the repository's anomaly traversal; ranked correlation ${corr ? corr[idx] : '-'}; no graph ${recallAt(noGraph.filter((r) => r.issue.target.metric === metric), k).toFixed(3)}`,
        });
      }
      rows.push({ name: `PetShop ${name} ${metric} specificity`, value: specificity(s, metric), unit: 'share', note: 'share of normal-data splits answered "no cause" (traversal and ranked correlation: 1.00 availability, 0.17 / 0.33 latency low / high)' });
    });
  }
  if (all.length) {
    const p = PUBLISHED_METHODS;
    for (const k of [1, 3]) {
      const i = k === 1 ? 0 : 1;
      rows.push({
        name: `PetShop all issues top-${k}`,
        value: recallAt(all, k),
        unit: 'share',
        baseline: p["anomaly traversal (the repository's baseline)"].pooled[i],
        ratio: recallAt(all, k) / p["anomaly traversal (the repository's baseline)"].pooled[i],
        note: `${all.length} issues; baseline = anomaly traversal; ranked correlation ${p['ranked correlation'].pooled[i]}, CIRCA ${p.CIRCA.pooled[i]}, RCD ${p.RCD.pooled[i]}, random walk ${p['random walk'].pooled[i]}, ε-Diagnosis ${p['ε-Diagnosis'].pooled[i]}; ours without the graph ${recallAt(allNoGraph, k).toFixed(3)}`,
      });
    }
    rows.push({
      name: 'PetShop all issues top-1 / top-3 without the target (graph only)',
      value: recallAt(allNoTarget, 1),
      unit: 'share',
      baseline: recallAt(allNoTarget, 3),
      note: 'baseline column = top-3; the symptom not given: the graph\'s entry services that moved stand for it',
    });
    rows.push({
      name: 'PetShop all issues top-1 / top-3 at the data\'s own times (normal data months after the issues)',
      value: recallAt(allOwnTimes, 1),
      unit: 'share',
      baseline: recallAt(allOwnTimes, 3),
      note: 'baseline column = top-3; the normal data is then after the window',
    });
    rows.push({ name: 'PetShop issues answered "no cause"', value: all.filter((r) => r.noCause).length / all.length, unit: 'share' });
    rows.push({ name: 'PetShop ms per issue (analysis)', value: analysisMs / all.length, unit: 'ms' });
  }
  if (skipped.length) rows.push({ name: 'PetShop scenarios skipped', value: skipped.length, unit: 'count', note: skipped.join('; ') });
  if (process.env.PETSHOP_VERBOSE) for (const r of all.filter((x) => x.position !== 1)) process.stderr.write(describeMiss(r) + '\n');
  return rows;
}
