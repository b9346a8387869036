// The Grafana pack (provisioning/alerting/llmops-rules.yaml) and the Prometheus pack
// (prometheus/rules/llmops.rules.yml) hold the same rules: names, severities, thresholds and pending
// periods, read from the two committed files (not from the generator that writes both).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ruleNumbers } from '../../src/alerting/condition';
import type { ProvisionedRule } from './alert-checks';
import { durationMs } from './replay-eval';

const ROOT = path.resolve(__dirname, '../..');
const readYaml = (rel: string) => parse(readFileSync(path.join(ROOT, rel), 'utf8'));

type GrafanaRule = ProvisionedRule & { for: string };
interface PromAlert {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const grafana = (
  readYaml('provisioning/alerting/llmops-rules.yaml') as { groups: Array<{ rules: GrafanaRule[] }> }
).groups.flatMap((g) => g.rules);
const prom = (readYaml('prometheus/rules/llmops.rules.yml') as { groups: Array<{ rules: PromAlert[] }> }).groups
  .flatMap((g) => g.rules)
  .filter((r) => r.alert);

/** The Prometheus alert of a Grafana rule: the one whose runbook_url names the same runbook section. */
function promFor(uid: string): PromAlert | undefined {
  return prom.find((a) => a.annotations?.runbook_url?.endsWith(`#${uid}`));
}

/** Numbers a PromQL expression compares with or scales by (not range or offset durations). */
function promNumbers(expr: string): number[] {
  const noDurations = expr
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/offset\s+\w+/g, ' ')
    .replace(/"[^"]*"/g, ' ');
  return [...noDurations.matchAll(/(?<![\w:.])\d+(?:\.\d+)?(?![\w:])/g)].map((m) => Number(m[0]));
}

/** Rules that exist in one pack only, and rules whose threshold is of another kind, with the reason. */
const GRAFANA_ONLY = { 'llmops-degradation-level': 'computed by the LLM Ops backend' };
const OTHER_DETECTOR = {
  // The backend's seasonal anomaly score (0–1) vs a PromQL z-score: same rule, different scale.
  'llmops-anomaly-score-high': 3,
};

describe('Grafana and Prometheus alert packs', () => {
  it('have the same rules, apart from the ones only the LLM Ops backend can compute', () => {
    const missing = grafana.filter((r) => !promFor(r.uid)).map((r) => r.uid);
    expect(missing.sort()).toEqual(Object.keys(GRAFANA_ONLY).sort());
    const orphans = prom.filter((a) => !grafana.some((r) => a.annotations?.runbook_url?.endsWith(`#${r.uid}`)));
    expect(orphans.map((a) => a.alert)).toEqual([]);
    expect(new Set(prom.map((a) => a.alert)).size).toBe(prom.length);
  });

  describe.each(grafana.filter((r) => !(r.uid in GRAFANA_ONLY)).map((r) => [r.uid, r] as const))('%s', (uid, rule) => {
    const alert = () => promFor(uid)!;

    it('has the same severity and team', () => {
      expect(alert().labels).toEqual({ severity: rule.labels!.severity, team: rule.labels!.team });
    });

    it('has the same pending period', () => {
      expect(durationMs(alert().for ?? '0s')).toBe(durationMs(rule.for));
    });

    it('compares with the same thresholds', () => {
      const grafanaNumbers = ruleNumbers(rule.data);
      const promNums = promNumbers(alert().expr);
      const expected = (OTHER_DETECTOR as Record<string, number>)[uid];
      if (expected !== undefined) {
        expect(promNums).toContain(expected);
        return;
      }
      // Every number the Grafana rule compares with (except Math's "is true" > 0) is in the PromQL.
      const significant = grafanaNumbers.filter(
        (n, i) => !(n === 0 && i === grafanaNumbers.length - 1 && rule.data.some((d) => d.model.type === 'math'))
      );
      expect(significant.length, 'the Grafana rule has thresholds').toBeGreaterThan(0);
      for (const n of significant) expect(promNums, `threshold ${n} of ${uid}`).toContain(n);
    });

    it('links the same runbook section', () => {
      expect(alert().annotations!.runbook_url).toMatch(new RegExp(`runbooks\\.md#${uid}$`));
      expect(rule.annotations!.runbook_url).toContain(`runbook=${uid}`);
    });
  });

  it('catches a drifted threshold (the comparison can fail)', () => {
    const rule = grafana.find((r) => r.uid === 'llmops-gpu-temperature')!;
    const drifted = promNumbers(promFor(rule.uid)!.expr.replace('> 85', '> 90'));
    expect(drifted).not.toContain(ruleNumbers(rule.data).at(-1));
  });
});
