// Grafana-managed alert rules and notification routing as Grafana would provision them, plus the
// Prometheus rule file mirroring them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policyRefs, ruleProblems, type ProvisionedRule } from './alert-checks';
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
const promRules = readYaml('prometheus/rules/llmops.rules.yml') as {
  groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string> }> }>;
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
      'llmops-kv-cache-warning',
      'llmops-kv-cache-critical',
      'llmops-preemptions-sustained',
      'llmops-queue-growing',
      'llmops-gpu-xid',
      'llmops-gpu-temperature',
      'llmops-gpu-idle-allocated',
      'llmops-target-down',
      'llmops-anomaly-score-high',
      'llmops-degradation-level',
    ]) {
      expect(titles).toContain(uid);
    }
    expect(new Set(titles).size).toBe(titles.length);
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
        'annotation runbook is missing',
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

  it('defines every mute timing the policies reference', () => {
    const defined = new Set(muteTimings.muteTimes.map((m) => m.name));
    expect(refs.muteTimings.size).toBeGreaterThan(0);
    for (const m of refs.muteTimings) expect(defined).toContain(m);
  });
});

describe('prometheus/rules/llmops.rules.yml mirrors the Grafana rules', () => {
  const promAlerts = new Map(
    promRules.groups
      .flatMap((g) => g.rules)
      .filter((r) => r.alert)
      .map((r) => [r.alert!, r.labels?.severity])
  );
  // Grafana rule → Prometheus alert. Anomaly score and degradation level need our backend; the
  // Prometheus pack has a z-score alert in place of the former and nothing for the latter.
  const pairs: Array<[string, string]> = [
    ['llmops-ttft-slo-burn-fast', 'LLMTTFTSLOBurnFast'],
    ['llmops-ttft-slo-burn-slow', 'LLMTTFTSLOBurnSlow'],
    ['llmops-error-ratio-high', 'LLMHighErrorRatio'],
    ['llmops-kv-cache-warning', 'LLMKVCacheNearlyFull'],
    ['llmops-kv-cache-critical', 'LLMKVCacheSaturated'],
    ['llmops-preemptions-sustained', 'LLMPreemptionsSustained'],
    ['llmops-preemptions-high', 'LLMPreemptionStorm'],
    ['llmops-queue-growing', 'LLMQueueGrowing'],
    ['llmops-anomaly-score-high', 'LLMTTFTAnomalous'],
    ['llmops-gpu-xid', 'GPUXIDError'],
    ['llmops-gpu-temperature', 'GPUTemperatureHigh'],
    ['llmops-gpu-idle-allocated', 'GPUAllocatedButIdle'],
    ['llmops-target-down', 'ScrapeTargetDown'],
  ];

  it.each(pairs)('%s ↔ %s with the same severity', (uid, alert) => {
    const grafana = rules.find((r) => r.uid === uid);
    expect(grafana, uid).toBeDefined();
    expect(promAlerts.get(alert), alert).toBe(grafana!.labels!.severity);
  });

  it('gives every Prometheus alert a severity the policy routes', () => {
    for (const [name, severity] of promAlerts) expect(refs.severities, name).toContain(severity);
  });
});
