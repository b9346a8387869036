// The committed dashboards, alert packs and runbooks are exactly what scripts/dashboards generates, so
// nobody edits the JSON by hand and lets it drift from the builders.
import { describe, expect, it } from 'vitest';
import { generatedFiles, staleFiles } from '../../scripts/dashboards/generate';

describe('generated files', () => {
  it('are up to date (run `npx tsx scripts/dashboards/generate.ts` after changing scripts/dashboards)', () => {
    expect(staleFiles()).toEqual([]);
  });

  it('cover the eight dashboards, both alert packs, the runbooks and the app\'s copy of the pack', () => {
    expect(Object.keys(generatedFiles()).sort()).toEqual([
      'dashboards/anomalies-rootcause.json',
      'dashboards/cost-efficiency.json',
      'dashboards/gpu-fleet.json',
      'dashboards/instance-detail.json',
      'dashboards/llm-serving-overview.json',
      'dashboards/model-detail.json',
      'dashboards/security-compliance.json',
      'dashboards/traces.json',
      'docs/runbooks.md',
      'prometheus/rules/llmops.rules.yml',
      'provisioning/alerting/llmops-rules.yaml',
      'src/alerting/pack.generated.ts',
    ]);
  });
});
