import { describe, expect, it } from 'vitest';
import { family } from './families';
import { matcherAccepts, type Matcher } from './matchers';
import { filterAlternatives, normalizeExpr } from './normalize';

/** What label_replace chains compute: first non-empty listed source, else the native label. */
function normalizedValue(labels: Record<string, string>, sources: string[], label: string): string {
  for (const s of [...sources.filter((x) => x !== label), label]) if (labels[s]) return labels[s]!;
  return '';
}

function selects(alt: Matcher[], labels: Record<string, string>): boolean {
  return alt.every((m) => matcherAccepts(m, labels[m.label] ?? ''));
}

describe('label normalization', () => {
  it('copies the family spellings into normalized labels, constants last', () => {
    const e = normalizeExpr('X', family('vllm'), new Set(['model_name', 'engine', 'instance']));
    expect(e).toBe(
      'label_replace(label_replace(label_replace(X, "engine_index", "$1", "engine", "(.+)"), "model", "$1", "model_name", "(.+)"), "engine", "vllm", "", "")'
    );
  });

  it('only touches spellings that exist on the family', () => {
    const onlyUpper = normalizeExpr('X', family('dcgm'), new Set(['Hostname', 'gpu', 'modelName']));
    expect(onlyUpper).toContain('"hostname", "$1", "Hostname"');
    expect(onlyUpper).not.toContain('exported_pod');
    const unknown = normalizeExpr('X', family('dcgm'), undefined);
    expect(unknown).toContain('"pod", "$1", "exported_pod"');
  });

  it('filter alternatives select exactly the series whose normalized label matches', () => {
    const dcgm = family('dcgm');
    const sources = dcgm.sources.pod!;
    const series: Array<Record<string, string>> = [
      { pod: 'dcgm-exporter-1', exported_pod: 'vllm-0' },
      { pod: 'vllm-0' },
      { pod: 'vllm-1' },
      { exported_pod: 'vllm-1' },
      {},
    ];
    const filters: Array<[string, Matcher['op']]> = [
      ['vllm-0', '='],
      ['vllm-0', '!='],
      ['vllm-.*', '=~'],
      ['dcgm.*', '!~'],
      ['', '='],
    ];
    for (const [value, op] of filters) {
      const alts = filterAlternatives(dcgm, { pod: { op, value } }, new Set(['pod', 'exported_pod']))!;
      for (const labels of series) {
        const expected = matcherAccepts({ label: 'pod', op, value }, normalizedValue(labels, sources, 'pod'));
        const got = alts.some((alt) => selects(alt, labels));
        expect({ op, value, labels, got }).toEqual({ op, value, labels, got: expected });
      }
    }
  });

  it('uses one plain matcher when only one spelling exists, and handles engine as a constant', () => {
    expect(filterAlternatives(family('dcgm'), { hostname: 'h1' }, new Set(['Hostname']))).toEqual([
      [{ label: 'Hostname', op: '=', value: 'h1' }],
    ]);
    expect(filterAlternatives(family('vllm'), { model: 'm' }, new Set(['model_name']))).toEqual([
      [{ label: 'model_name', op: '=', value: 'm' }],
    ]);
    expect(filterAlternatives(family('sglang'), { engine: 'vllm' }, undefined)).toBeUndefined();
    expect(filterAlternatives(family('vllm'), { engine: '/vllm|tgi/' }, undefined)).toEqual([[]]);
  });
});
