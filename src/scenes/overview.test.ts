import '../test-utils/browser-apis';
import { describe, expect, it } from 'vitest';

import { colourStart, firesFrom, ruleComparisons, type Step } from '../../scripts/dashboards/rule-levels';
import { ALERT_PACK } from '../alerting/pack.generated';
import { DEGRADATION_MAPPINGS } from './degradation';
import { modelsTable } from './overview';

/** The threshold steps the landing table gives a column (its override). */
function columnSteps(column: string): Step[] {
  const overrides = modelsTable('llmops', 'USD').state.fieldConfig.overrides;
  const o = overrides.find((x) => x.matcher.id === 'byName' && x.matcher.options === column)!;
  const steps = (o.properties.find((p) => p.id === 'thresholds')!.value as { steps: Array<{ value: number; color: string }> }).steps;
  return steps.map((s) => ({ color: s.color, value: s.value === -Infinity ? null : s.value }));
}

const comparisons = ALERT_PACK.groups.flatMap((g) => g.rules).flatMap((r) => ruleComparisons(r));

describe('the landing table turns red where the shipped rules fire', () => {
  it('error ratio: red from the P1 error-ratio rule’s threshold', () => {
    const rule = comparisons.find((c) => c.uid === 'llmops-error-ratio-high' && c.signal === 'error_ratio')!;
    expect(colourStart(columnSteps('Error ratio'), 'red')).toBe(firesFrom(rule, false));
  });

  it('SLO attainment: red below the attainment at which the P1 slow burn fires, green from the target', () => {
    const rule = comparisons.find((c) => c.uid === 'llmops-ttft-slo-burn-slow')!;
    const steps = columnSteps('SLO attainment');
    // Red below it: orange starts where the rule stops firing.
    expect(rule.op).toBe('<');
    expect(colourStart(steps, 'orange')).toBe(rule.value);
    expect(colourStart(steps, 'green')).toBe(0.99);
  });

  it('status: the degradation rule fires from the first level shown red', () => {
    const rule = comparisons.find((c) => c.uid === 'llmops-degradation-level')!;
    const options = (DEGRADATION_MAPPINGS[0] as { options: Record<string, { color: string }> }).options;
    const firstRed = Object.keys(options)
      .map(Number)
      .sort((a, b) => a - b)
      .find((level) => options[String(level)]!.color === 'red');
    expect(firstRed).toBe(firesFrom(rule, true));
  });
});
