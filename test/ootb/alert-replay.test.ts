// Alert evaluation replayed on backfilled scenarios: for each fault the matching rule's query + reduce +
// threshold fires within the fault window, and on a healthy scenario no rule fires.
//
// Two simulated histories (the `small` fleet, 19 h ending on the latest Wednesday 22:00 UTC) are written
// straight into two real Prometheus instances: `alert-replay` (one fault of every kind, with ground
// truth) and `healthy`. Every provisioned Grafana-managed rule is then evaluated like Grafana's
// scheduler would, every 5 minutes over the last 16 h: data queries through the built backend
// executable with FromAlert, the rule's relative time range made absolute, reduce/math/threshold, `for`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type FaultKind, type GroundTruthFault } from '../../simulator/src';
import type { ProvisionedRule } from './alert-checks';
import { durationMs, pool, replayRule, type RuleReplay } from './replay-eval';
import { EXPECTATIONS, hitsFor, ruleMemoryMs, unexplained } from './replay-expect';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import { startReplayFleet, type ReplayFleet } from './replay-fleet';

const ROOT = path.resolve(__dirname, '../..');
const groups = (
  parse(readFileSync(path.join(ROOT, 'provisioning/alerting/llmops-rules.yaml'), 'utf8')) as {
    groups: Array<{ name: string; interval: string; rules: ProvisionedRule[] }>;
  }
).groups;
const rules = groups.flatMap((g) => g.rules);
const ruleByUid = new Map(rules.map((r) => [r.uid, r]));

/** Coarser than the groups' 1m interval to keep the replay short; a multiple of it, like Grafana's ticks. */
const STEP_MS = Math.max(5 * 60_000, ...groups.map((g) => durationMs(g.interval)));
/** Time for queues to drain and GPUs to cool after a fault ends. */
const SETTLE_MS = 10 * 60_000;
/** Evaluations start after the longest relative time range so every rule sees a full window. */
const WARMUP_MS = Math.max(...rules.flatMap((r) => r.data.map((q) => (q.relativeTimeRange?.from ?? 0) * 1000)));
const HISTORY = '19h';
const FLEET = { fleet: 'small', duration: HISTORY, seed: 7 };

interface Replayed {
  fleet: ReplayFleet;
  results: Map<string, RuleReplay>;
  evaluations: number;
}

async function replayAll(fleet: ReplayFleet): Promise<Replayed> {
  const gt = fleet.groundTruth;
  const times: number[] = [];
  for (let t = Math.ceil((gt.startMs + WARMUP_MS) / STEP_MS) * STEP_MS; t <= gt.endMs; t += STEP_MS) times.push(t);
  // A few rules in flight at once: the plugin and Prometheus are separate processes.
  const results = await pool(
    rules.map((r) => () => replayRule(fleet.plugin, fleet.settings, r, times)),
    3
  );
  return { fleet, results: new Map(results.map((r) => [r.uid, r])), evaluations: times.length };
}

const fmtOffset = (ms: number) => `${ms < 0 ? '-' : '+'}${Math.round(Math.abs(ms) / 60_000)}m`;
const fmtLabels = (l: Record<string, string>) =>
  Object.entries(l)
    .filter(([k]) => k !== 'engine')
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

let demo: Replayed;
let healthy: Replayed;
const started = Date.now();
/** Report rows, keyed by fault start so the table reads in time order. */
const table: Array<{ at: number; cells: string[] }> = [];

beforeAll(async () => {
  // A Wednesday 22:00 UTC, the same on every run: the daily and weekly traffic shape and every fault land alike.
  const end = SCENARIO_END_MS;
  const [d, h] = await Promise.all([
    startReplayFleet({ ...FLEET, scenario: 'alert-replay', end }),
    startReplayFleet({ ...FLEET, scenario: 'healthy', end }),
  ]);
  try {
    [demo, healthy] = await Promise.all([replayAll(d), replayAll(h)]);
  } catch (e) {
    await d.stop();
    await h.stop();
    throw e;
  }
  // 16 rules (two with two data queries) × ~180 evaluations × 2 scenarios; on a shared 2-core machine.
}, 1_200_000);

afterAll(async () => {
  await demo?.fleet.stop();
  await healthy?.fleet.stop();
  if (table.length) {
    const rows = [
      ['fault', 'kind', 'rule', 'first firing', 'on'],
      ...table.sort((a, b) => a.at - b.at).map((r) => r.cells),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (i < 4 ? row[i]!.length : 0))));
    const lines = rows.map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()
    );
    console.log(
      [
        `Alert replay: ${rules.length} rules × ${demo?.evaluations ?? 0} evaluations (every ${STEP_MS / 60_000} min) on each of 2 scenarios, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        ...lines,
      ].join('\n')
    );
  }
});

describe('alert replay: scenario with every fault kind', () => {
  it('has one fault of every kind inside the replayed history, and every rule answered without errors', () => {
    const gt = demo.fleet.groundTruth;
    expect([...new Set(gt.faults.map((f) => f.kind))].sort()).toEqual(Object.keys(EXPECTATIONS).sort());
    for (const f of gt.faults) expect(f.startMs, f.id).toBeGreaterThanOrEqual(gt.startMs + WARMUP_MS);
    const errors = [...demo.results.values()].flatMap((r) => r.errors.map((e) => `${r.uid} ${e}`));
    expect(errors.slice(0, 5)).toEqual([]);
  });

  const faultIds = (): GroundTruthFault[] => demo.fleet.groundTruth.faults;
  it.each(Object.keys(EXPECTATIONS) as FaultKind[])('%s: each rule that sees it fires on the target within the fault window', (kind) => {
    const fault = faultIds().find((f) => f.kind === kind);
    expect(fault, `no ${kind} fault in the scenario`).toBeDefined();
    const gt = demo.fleet.groundTruth;
    const expectation = EXPECTATIONS[kind]!;
    const problems: string[] = [];
    for (const uid of expectation.required) {
      const rule = ruleByUid.get(uid);
      if (!rule) {
        problems.push(`${uid}: not provisioned`);
        continue;
      }
      const hits = hitsFor(demo.results.get(uid)!.firings, fault!, gt, ruleMemoryMs(rule, STEP_MS, SETTLE_MS));
      // Alerting may start at the latest one `for` and one evaluation step after the fault ends.
      const latest = fault!.endMs + durationMs(rule.for) + STEP_MS;
      const first = hits[0];
      table.push({
        at: fault!.startMs,
        cells: [
          fault!.id,
          kind,
          uid,
          first ? fmtOffset(first.first - fault!.startMs) : 'never',
          first ? fmtLabels(first.labels) : '',
        ],
      });
      if (!first) problems.push(`${uid}: never fired on ${JSON.stringify(fault!.target.instances)}`);
      else if (first.first > latest)
        problems.push(`${uid}: first fired ${fmtOffset(first.first - fault!.endMs)} after the end`);
    }
    // The other rules that fired on this fault (allowed side effects), for the report.
    const others = rules
      .filter((r) => !expectation.required.includes(r.uid))
      .flatMap((r) => {
        const hit = hitsFor(demo.results.get(r.uid)!.firings, fault!, gt, ruleMemoryMs(r, STEP_MS, SETTLE_MS))[0];
        return hit ? [`${r.uid.replace(/^llmops-/, '')} ${fmtOffset(hit.first - fault!.startMs)}`] : [];
      });
    if (expectation.required.length === 0)
      table.push({ at: fault!.startMs, cells: [fault!.id, kind, '(none required)', '', expectation.why] });
    if (others.length) table.push({ at: fault!.startMs + 1, cells: ['', '', '', '', `also: ${others.join(', ')}`] });
    expect(problems).toEqual([]);
  });

  it('no rule fires outside the fault windows, on a label set other than the target, or for an unrelated fault', () => {
    const gt = demo.fleet.groundTruth;
    const stray = rules.flatMap((r) =>
      unexplained(r.uid, demo.results.get(r.uid)!.firings, gt, ruleMemoryMs(r, STEP_MS, SETTLE_MS)).map(
        (x) => `${r.uid} ${new Date(x.time).toISOString()} ${fmtLabels(x.labels)}`
      )
    );
    expect(stray).toEqual([]);
  });
});

describe('alert replay: healthy scenario', () => {
  it('no rule fires at any evaluation, and every rule answered without errors', () => {
    const errors = [...healthy.results.values()].flatMap((r) => r.errors.map((e) => `${r.uid} ${e}`));
    expect(errors.slice(0, 5)).toEqual([]);
    const firing = [...healthy.results.values()].flatMap((r) =>
      r.firings.map(
        (f) => `${r.uid} ${fmtLabels(f.labels)} at ${new Date(f.times[0]!).toISOString()} (${f.times.length}×)`
      )
    );
    expect(firing).toEqual([]);
    // The replay did run: every rule was evaluated across the whole history.
    for (const r of healthy.results.values()) expect(r.evaluations, r.uid).toBeGreaterThanOrEqual(150);
  });
});
