// Grafana-managed alert rules and notification routing as Grafana would provision them, plus the
// Prometheus rule file mirroring them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policyRefs, ruleProblems, type ProvisionedRule } from './alert-checks';
import { evaluateRule } from './alert-eval';
import { queryProblems } from './query-contract';

const ROOT = path.resolve(__dirname, '../..');
const readYaml = (rel: string) => parse(readFileSync(path.join(ROOT, rel), 'utf8'));

const rulesFile = readYaml('provisioning/alerting/llmops-rules.yaml') as {
  apiVersion: number;
  groups: Array<{ name: string; folder: string; interval: string; orgId: number; rules: ProvisionedRule[] }>;
};
const policies = readYaml('provisioning/alerting/notification-policies.yaml');
const contactPoints = readYaml('provisioning/alerting/contact-points.yaml') as {
  contactPoints: Array<{ name: string; receivers: Array<{ type: string; settings: Record<string, string> }> }>;
};
const muteTimings = readYaml('provisioning/alerting/mute-timings.yaml') as { muteTimes: Array<{ name: string }> };
const datasources = readYaml('provisioning/datasources/llmops.yaml') as {
  datasources: Array<{ uid: string; type: string }>;
};
interface PanelJson {
  id: number;
  title: string;
  targets?: unknown[];
  panels?: PanelJson[];
}
const dashboardsByUid = new Map(
  readdirSync(path.join(ROOT, 'dashboards'))
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) => JSON.parse(readFileSync(path.join(ROOT, 'dashboards', f), 'utf8')) as { uid: string; panels: PanelJson[] }
    )
    .map((d) => [d.uid, d])
);
const allPanels = (d: { panels: PanelJson[] }): PanelJson[] => {
  const walk = (ps: PanelJson[]): PanelJson[] => ps.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return walk(d.panels);
};

const rules = rulesFile.groups.flatMap((g) => g.rules);
const ourDs = datasources.datasources.find((d) => d.type === 'llmops-observability-datasource');
const refs = policyRefs(policies);

describe('provisioning/alerting/llmops-rules.yaml', () => {
  it('puts every group in the "LLM Ops" folder with a valid interval', () => {
    expect(rulesFile.apiVersion).toBe(1);
    for (const g of rulesFile.groups) {
      expect(g.folder).toBe('LLM Ops');
      expect(g.interval).toMatch(/^\d+[smh]$/);
    }
  });

  it('targets the provisioned LLM Ops datasource', () => {
    expect(ourDs?.uid).toBe('llmops-ds');
  });

  it('covers the alert seeds', () => {
    const titles = rules.map((r) => r.uid);
    for (const uid of [
      'llmops-ttft-slo-burn-fast',
      'llmops-ttft-slo-burn-slow',
      'llmops-error-ratio-high',
      'llmops-queue-time-high',
      'llmops-queue-backlog',
      'llmops-preemptions-high',
      'llmops-kv-cache-critical',
      'llmops-preemptions-sustained',
      'llmops-gpu-xid',
      'llmops-gpu-temperature',
      'llmops-gpu-idle-allocated',
      'llmops-target-down',
      'llmops-target-missing',
      'llmops-anomaly-score-high',
      'llmops-degradation-level',
    ]) {
      expect(titles).toContain(uid);
    }
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('pages (P0) on symptoms only, and keeps KV-cache saturation a P2 ticket', () => {
    const bySeverity = (s: string) =>
      rules
        .filter((r) => r.labels?.severity === s)
        .map((r) => r.uid)
        .sort();
    expect(bySeverity('P0')).toEqual(['llmops-ttft-slo-burn-fast']);
    expect(rules.find((r) => r.uid === 'llmops-kv-cache-critical')!.labels!.severity).toBe('P2');
    for (const uid of [
      'llmops-error-ratio-high',
      'llmops-queue-time-high',
      'llmops-queue-backlog',
      'llmops-preemptions-high',
    ])
      expect(rules.find((r) => r.uid === uid)!.labels!.severity, uid).toBe('P1');
  });

  it('chooses no-data and error states on purpose (not all OK)', () => {
    const states = new Map(
      rules.map((r) => [r.uid, r as ProvisionedRule & { noDataState?: string; execErrState?: string }])
    );
    expect(states.get('llmops-target-down')!.noDataState).toBe('Alerting');
    for (const r of states.values()) expect(r.execErrState, r.uid).toBe('Error');
  });

  it('does not page on one error of a model serving a request a minute, but does when all its requests fail', () => {
    const rule = rules.find((r) => r.uid === 'llmops-error-ratio-high')!;
    const model = { model: 'tiny' };
    const perMinute = 1 / 60;
    // 10 requests in the 10-minute window, one failed: 10 % errors but 1 failure.
    const oneError = evaluateRule(rule, {
      A: [{ labels: model, values: Array(40).fill(0.1) }],
      B: [{ labels: model, values: Array(40).fill(perMinute) }],
    });
    expect(oneError).toEqual([{ labels: model, state: 'normal' }]);
    const allFail = evaluateRule(rule, {
      A: [{ labels: model, values: Array(40).fill(1) }],
      B: [{ labels: model, values: Array(40).fill(perMinute) }],
    });
    expect(allFail).toEqual([{ labels: model, state: 'alerting' }]);
    const busy = evaluateRule(rule, {
      A: [{ labels: model, values: Array(40).fill(0.02) }],
      B: [{ labels: model, values: Array(40).fill(20) }],
    });
    expect(busy).toEqual([{ labels: model, state: 'alerting' }]);
  });

  it('fires on a queue stuck high, not only on a growing one, and not on one that drains now and then', () => {
    const rule = rules.find((r) => r.uid === 'llmops-queue-backlog')!;
    const model = { model: 'm' };
    const run = (values: number[]) => evaluateRule(rule, { A: [{ labels: model, values }] })[0]!.state;
    expect(run(Array(40).fill(20))).toBe('alerting');
    expect(run(Array.from({ length: 40 }, (_, i) => 6 + i))).toBe('alerting');
    expect(run(Array.from({ length: 40 }, (_, i) => (i % 10 === 9 ? 2 : 30)))).toBe('normal');
  });

  it('links every rule to the generated dashboard panel that shows its signal', () => {
    for (const r of rules) {
      const uid = r.annotations!.__dashboardUid__!;
      const board = dashboardsByUid.get(uid);
      expect(board, `${r.uid}: dashboard ${uid}`).toBeDefined();
      const panel = allPanels(board!).find((p) => String(p.id) === r.annotations!.__panelId__);
      expect(panel, `${r.uid}: panel ${r.annotations!.__panelId__} in ${uid}`).toBeDefined();
      // The panel reads what the rule reads: a signal of its queries, or the burn rate's SLO attainment.
      const ruleSignals = r.data.flatMap((q) => {
        const m = q.model as { signal?: string; source?: { signal?: string }; expr?: string };
        return [m.signal, m.source?.signal, m.expr?.includes('time_to_first_token') ? 'ttft-slo' : undefined];
      });
      const panelReads = (panel!.targets ?? []).flatMap((t) => {
        const m = t as { signal?: string; source?: { signal?: string }; expr?: string };
        return [m.signal, m.source?.signal, m.expr?.includes('time_to_first_token') ? 'ttft-slo' : undefined];
      });
      const related =
        ruleSignals.some((s) => s && panelReads.includes(s)) ||
        (r.uid.startsWith('llmops-target') && panelReads.includes('targets_down'));
      expect(related, `${r.uid} → ${panel!.title}`).toBe(true);
    }
  });

  it("links runbook_url to the rule's own section of docs/runbooks.md", () => {
    const doc = readFileSync(path.join(ROOT, 'docs/runbooks.md'), 'utf8');
    for (const r of rules) {
      expect(r.annotations!.runbook_url).toBe(`/a/llmops-observability-app/alerts?runbook=${r.uid}`);
      expect(doc).toContain(`<a id="${r.uid}"></a>`);
    }
  });

  describe.each(rules.map((r) => [r.uid, r] as const))('%s', (_uid, rule) => {
    it('is query → reduce → (math) → threshold with condition on the threshold, routed by severity, annotated', () => {
      expect(ruleProblems(rule, ourDs!.uid, refs.severities)).toEqual([]);
    });

    it('sends valid queries to the datasource', () => {
      const problems = rule.data.filter((q) => q.datasourceUid !== '__expr__').flatMap((q) => queryProblems(q.model));
      expect(problems).toEqual([]);
    });
  });

  it('rejects rules Grafana could not evaluate or route', () => {
    const bad: ProvisionedRule = {
      uid: 'x',
      title: 'x',
      condition: 'A',
      data: [
        {
          refId: 'A',
          datasourceUid: 'other',
          relativeTimeRange: { from: 600, to: 0 },
          model: { refId: 'A', queryType: 'signal', signal: 'ttft' },
        },
        {
          refId: 'B',
          datasourceUid: '__expr__',
          model: {
            refId: 'B',
            type: 'threshold',
            expression: 'A',
            conditions: [{ evaluator: { type: 'gt', params: [1] } }],
          },
        },
      ],
      labels: { severity: 'P9' },
      annotations: { summary: 's' },
    };
    const problems = ruleProblems(bad, 'llmops-ds', refs.severities);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('condition A is not the last step'),
        expect.stringContaining('datasourceUid other'),
        expect.stringContaining('not reduced'),
        'no reduce step',
        expect.stringContaining('severity label "P9"'),
        'annotation description is missing',
        'annotation runbook_url is missing',
      ])
    );
  });
});

describe('notification routing', () => {
  it('routes P0, P1 and P2 to contact points that exist', () => {
    expect([...refs.severities].sort()).toEqual(['P0', 'P1', 'P2']);
    const names = new Set(contactPoints.contactPoints.map((c) => c.name));
    for (const r of refs.receivers) expect(names).toContain(r);
  });

  it('uses webhook contact points whose URLs come from the environment (no secrets in files)', () => {
    for (const cp of contactPoints.contactPoints) {
      for (const r of cp.receivers) {
        expect(r.type).toBe('webhook');
        expect(r.settings.url).toMatch(/^\$\{?LLMOPS_[A-Z_]+\}?$/);
      }
    }
  });

  it('never mutes the P0 route (the weekly maintenance window must not swallow a page)', () => {
    type Route = { object_matchers?: string[][]; mute_time_intervals?: string[]; routes?: Route[] };
    const routes = (policies as { policies: Route[] }).policies.flatMap((r) => r.routes ?? []);
    const p0 = routes.filter((r) =>
      r.object_matchers?.some(([l, op, v]) => l === 'severity' && op === '=' && v === 'P0')
    );
    expect(p0).toHaveLength(1);
    expect(p0[0]!.mute_time_intervals ?? []).toEqual([]);
    const p1 = routes.find((r) => r.object_matchers?.some(([, , v]) => v === 'P1'));
    expect(p1!.mute_time_intervals).toContain('llmops-maintenance-window');
  });

  it('defines every mute timing the policies reference', () => {
    const defined = new Set(muteTimings.muteTimes.map((m) => m.name));
    expect(refs.muteTimings.size).toBeGreaterThan(0);
    for (const m of refs.muteTimings) expect(defined).toContain(m);
  });
});
