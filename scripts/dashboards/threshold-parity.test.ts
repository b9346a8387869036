// Dashboards and alert rules agree: in the generated files, every colour a dashboard gives a signal of
// the table of levels (pkg/model/signal-levels.ts) starts orange at `warn` and red at `crit`, and every
// rule that compares such a signal fires at `crit` (or is listed with its reason in OTHER_RULE_LEVELS).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { DEGRADATION_LEVELS } from '../../pkg/model/degradation-levels';
import { OTHER_RULE_LEVELS, SIGNAL_LEVELS, SLO_ATTAINMENT_LEVELS, type Levels } from '../../pkg/model/signal-levels';
import { colourStart, dashboardColourings, firesFrom, ruleComparisons, type Colouring, type RuleLike } from './rule-levels';

const ROOT = path.resolve(__dirname, '../..');
const rules = (
  parse(readFileSync(path.join(ROOT, 'provisioning/alerting/llmops-rules.yaml'), 'utf8')) as { groups: Array<{ rules: RuleLike[] }> }
).groups.flatMap((g) => g.rules);
const comparisons = rules.flatMap(ruleComparisons);
const colourings: Colouring[] = readdirSync(path.join(ROOT, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => dashboardColourings(JSON.parse(readFileSync(path.join(ROOT, 'dashboards', f), 'utf8'))));

const LEVELS: Record<string, Levels> = SIGNAL_LEVELS;

describe('reading rules and dashboards back', () => {
  it('finds the comparisons of simple, math and burn-rate rules', () => {
    const of = (uid: string) => comparisons.filter((c) => c.uid === uid).map(({ signal, op, value }) => `${signal} ${op} ${value}`);
    expect(of('llmops-error-ratio-high')).toEqual(['error_ratio > 0.01']);
    expect(of('llmops-kv-cache-critical')).toEqual(['kv_cache_usage > 0.98']);
    expect(of('llmops-ttft-slo-burn-slow')).toEqual(['ttft_slo_attainment < 0.94', 'ttft_slo_attainment < 0.94']);
    // "$C > 2 && $C > 1.5 * $D": the relative half is not a level.
    expect(of('llmops-e2e-latency-regressed')).toEqual(['e2e_latency > 2']);
  });

  it('finds coloured panels and table columns of the signals (the checks below are not vacuous)', () => {
    const count = (signal: string) => colourings.filter((c) => c.signal === signal).length;
    for (const signal of ['error_ratio', 'kv_cache_usage', 'preemption_rate', 'gpu_temperature', 'gpu_xid_errors', 'anomaly_score', 'degradation_level', 'ttft_slo_attainment']) {
      expect(count(signal), signal).toBeGreaterThan(0);
    }
    expect(colourings.find((c) => c.where.endsWith('› Models › Error ratio'))?.signal).toBe('error_ratio');
  });
});

describe('a dashboard turns red where the alert rule fires', () => {
  it('every rule comparing a signal of the table fires at its red level, or says why not', () => {
    const problems: string[] = [];
    for (const c of comparisons) {
      const levels = c.signal === 'ttft_slo_attainment' ? { ...SLO_ATTAINMENT_LEVELS, integer: false } : LEVELS[c.signal];
      const colouredHere = colourings.some((x) => x.signal === c.signal);
      if (!levels) {
        // A signal the dashboards colour must take its colours and its rules' levels from the table.
        if (colouredHere && !(c.uid in OTHER_RULE_LEVELS)) problems.push(`${c.uid}: ${c.signal} is coloured on dashboards but has no levels in the table`);
        continue;
      }
      if (c.uid in OTHER_RULE_LEVELS) continue;
      if (!levels.rules.includes(c.uid)) problems.push(`${c.uid} compares ${c.signal} ${c.op} ${c.value} but is not one of its rules`);
      const at = firesFrom(c, !!levels.integer);
      if (at !== levels.crit) problems.push(`${c.uid} fires on ${c.signal} from ${at}, the colours turn red at ${levels.crit}`);
    }
    expect(problems).toEqual([]);
  });

  it('every rule the table names compares that signal, and every exemption is a real rule comparing a signal of the table', () => {
    for (const [signal, levels] of [...Object.entries(LEVELS), ['ttft_slo_attainment', SLO_ATTAINMENT_LEVELS] as const]) {
      for (const uid of levels.rules) {
        expect(comparisons.some((c) => c.uid === uid && c.signal === signal), `${uid} on ${signal}`).toBe(true);
      }
    }
    for (const uid of Object.keys(OTHER_RULE_LEVELS)) {
      expect(comparisons.some((c) => c.uid === uid && (c.signal in LEVELS || c.signal === 'ttft_slo_attainment')), uid).toBe(true);
    }
  });

  it('every dashboard colours a signal of the table with its levels', () => {
    const problems: string[] = [];
    for (const c of colourings) {
      const levels = LEVELS[c.signal];
      if (c.signal === 'ttft_slo_attainment' || c.signal === 'tpot_slo_attainment') {
        // Falling: red below crit (orange starts there), orange below the target (green starts there).
        if (colourStart(c.steps, 'red') !== null || colourStart(c.steps, 'orange') !== SLO_ATTAINMENT_LEVELS.crit || colourStart(c.steps, 'green') !== SLO_ATTAINMENT_LEVELS.warn) {
          problems.push(`${c.where}: ${JSON.stringify(c.steps)}`);
        }
        continue;
      }
      if (!levels) continue;
      if (c.signal === 'degradation_level') {
        const red = DEGRADATION_LEVELS.find((l) => l.value === levels.crit)!.color;
        if (colourStart(c.steps, red) !== levels.crit) problems.push(`${c.where}: ${red} from ${colourStart(c.steps, red)}, the rule fires from ${levels.crit}`);
        continue;
      }
      if (colourStart(c.steps, 'red') !== levels.crit) problems.push(`${c.where}: red from ${colourStart(c.steps, 'red')}, the table says ${levels.crit}`);
      const orange = colourStart(c.steps, 'orange');
      if ((levels.warn ?? undefined) !== (orange ?? undefined)) problems.push(`${c.where}: orange from ${orange}, the table says ${levels.warn}`);
    }
    expect(problems).toEqual([]);
  });
});
