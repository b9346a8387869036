// The incident suite (issue 13, D): eight scripted incidents and a healthy control day on a mixed-engine
// fleet (vLLM current and ≤ 0.10 names, SGLang, TGI, DCGM, node_exporter; real names, labels and bucket
// boundaries), loaded into a real Prometheus as TSDB blocks and asked through the built backend with the
// public `anomaly` and `rootcause` queries. One row per measure, the goal in the note; per-incident rows
// after. Needs `npm run build:backend` first. Scenario details: bench/incidents/scenarios.ts. Scrape
// interval: INCIDENT_SCRAPE_SECONDS (default 15); query interval: INCIDENT_QUERY_SECONDS (default the scrape).
import { loadSuite } from './incidents/load';
import { GOALS, runSuite, suiteNumbers, type SuiteReport } from './incidents/run-suite';
import { intervalsFromEnv } from './incidents/scenarios';
import { describeRca, isNoCause } from './incidents/score';
import type { BenchRow } from './run';

export function suiteRows(r: SuiteReport): BenchRow[] {
  const x = suiteNumbers(r);
  const rows: BenchRow[] = [
    { name: 'incidents detected within 3 points of onset', value: x.detectedWithin3, unit: 'fraction', note: `goal ≥ ${GOALS.detectedWithin3}; ${r.incidents.length} incidents` },
    { name: "sustained incident's points flagged (mean)", value: x.sustainedShareFlagged, unit: 'fraction', note: `goal ≥ ${GOALS.sustainedShareFlagged}` },
    { name: 'false anomaly windows per series-day (control)', value: x.falseWindowsPerSeriesDay, unit: 'per series-day', note: `goal ≤ ${GOALS.falseWindowsPerSeriesDay}; ${r.control.falseWindows} windows on ${r.control.seriesDays} series-days` },
    { name: 'band points outside the signal domain', value: x.bandPointsOutsideDomain, unit: 'points', note: 'goal 0 (lower < 0 for times/rates/counts, upper > 1 for ratios)' },
    { name: 'root cause top-1, auto-detected window', value: x.rcaTop1, unit: 'fraction', note: `goal ≥ ${GOALS.rcaTop1}` },
    { name: '"no incident"/"no cause" on healthy ranges', value: x.healthyNoCause, unit: 'fraction', note: `goal ≥ ${GOALS.healthyNoCause}; ${r.control.rca.length} root-cause queries` },
    {
      name: 'root cause top-1, true window given',
      value: r.incidents.filter((i) => i.rcaGivenWindowCorrect).length / r.incidents.length,
      unit: 'fraction',
      note: 'no goal: ranking alone, for comparison with the auto-detected window',
    },
  ];
  for (const i of r.incidents) {
    const d = i.detection;
    rows.push({
      name: `${i.id}: detection delay`,
      value: d.delayPoints ?? NaN,
      unit: `points of ${i.stepMs / 1000} s`,
      note: `${d.delayPoints === null ? 'never flagged; ' : ''}flagged share ${d.shareFlagged.toFixed(2)}${i.sustained ? '' : ' (not sustained)'}; band outside domain ${i.domain.outside}; RCA ${i.rcaCorrect ? 'right' : 'wrong'}: ${i.rcaSummary}${i.rcaGivenWindowSummary === i.rcaSummary ? '' : `; window given: ${i.rcaGivenWindowSummary}`}`,
    });
  }
  for (const target of new Set(r.control.rca.map((x) => `${x.target.signal} by ${x.target.groupBy.join(',')}`))) {
    const mine = r.control.rca.filter((x) => `${x.target.signal} by ${x.target.groupBy.join(',')}` === target);
    const wrong = mine.filter((x) => !isNoCause(x.answer));
    rows.push({
      name: `control root cause on ${target}`,
      value: (mine.length - wrong.length) / mine.length,
      unit: 'fraction no cause',
      note: wrong.map((x) => `${new Date(x.to).toISOString().slice(11, 16)}: ${describeRca(x.answer)}`).join('; ').slice(0, 200),
    });
  }
  for (const w of r.control.windows) {
    rows.push({ name: `control: ${w.source.signal}${w.source.aggregation ? ` ${w.source.aggregation}` : ''} by ${w.source.groupBy.join(',')}`, value: w.windows, unit: 'windows', note: `${w.series} series, 1 day` });
  }
  for (const e of r.queryErrors) rows.push({ name: 'query error', value: NaN, unit: '', note: e.slice(0, 160) });
  return rows;
}

export default async function run(): Promise<BenchRow[]> {
  const t0 = performance.now();
  const { scrapeSeconds, querySeconds } = intervalsFromEnv();
  // INCIDENT_HISTORY_HOURS: a fresh install, with this many hours of data before each incident.
  const history = process.env.INCIDENT_HISTORY_HOURS;
  const historyHours = history === undefined || history === '' ? undefined : Number(history);
  if (historyHours !== undefined && !(historyHours >= 0)) throw new Error(`INCIDENT_HISTORY_HOURS=${history}: expected a number of hours ≥ 0`);
  const suite = await loadSuite({ scrapeSeconds, historyHours });
  try {
    const report = await runSuite(suite, { querySeconds });
    const seconds = (performance.now() - t0) / 1000;
    return [
      ...suiteRows(report),
      { name: 'scrape interval', value: report.scrapeSeconds, unit: 's', note: `query interval ${report.querySeconds} s (INCIDENT_SCRAPE_SECONDS, INCIDENT_QUERY_SECONDS)` },
      { name: 'generation (simulator → TSDB blocks)', value: suite.generateSeconds, unit: 's', note: `${(suite.samples / 1e6).toFixed(1)} M samples` },
      { name: 'suite wall time', value: seconds, unit: 's' },
    ];
  } finally {
    await suite.stop();
  }
}
