// The simulator's metric shapes against the real /metrics fixtures (test/fixtures/exposition/): every
// metric the simulator exports for an engine or exporter the fixtures cover exists in some fixture, with
// the same label names (scrape-target labels aside) and the same histogram bucket boundaries, so the
// simulator cannot drift from what the engines really export.
import { describe, expect, it } from 'vitest';
import {
  buildRegistry,
  createContext,
  defaultFleet,
  enginesFleet,
  initialState,
  renderExposition,
  resolveScenario,
  run as runSteps,
} from '..';
import { loadFixtures, parseExposition, type Sample } from '../../../test/support/exposition-fixtures';

/** Labels the scrape (or the simulator's fleet layout) adds; engines do not export them. */
// (and the OTel collector's own scope labels).
const SCRAPE_LABELS = new Set([
  'job',
  'instance',
  'namespace',
  'pod',
  'node',
  'container',
  'service',
  'endpoint',
  'otel_scope_name',
  'otel_scope_version',
]);
/** Buckets each deployment chooses (Triton: the model config's histogram_options): names only. */
const CONFIGURED_BUCKETS = new Set(['nv_inference_first_response_histogram_ms_bucket']);
/** Info gauges carry configuration fields as labels: the simulator's must be a subset of the real ones. */
const INFO = /_info$/;
// Metric families the fixtures cover; the generic llm_, gpu_ and http metrics are the simulator's own.
const COVERED = /^(vllm:|sglang:|tgi_|nv_|trtllm_|llamacpp:|DCGM_FI_|node_|gen_ai_)/;

/** Each fleet's exposition on its own (two fleets may name the same instance). */
function simulatorExpositions(): Sample[][] {
  const anchor = Date.parse('2026-11-25T14:00:00Z');
  return [defaultFleet(), enginesFleet()].map((fleet) => {
    const ctx = createContext(fleet, resolveScenario({ name: 'shapes', faults: [] }, fleet, anchor), 3);
    const reg = buildRegistry(ctx);
    reg.fill(runSteps(initialState(ctx, anchor / 15_000), ctx, 20));
    return parseExposition(renderExposition(reg), fleet.name);
  });
}

const labelNames = (s: Sample) =>
  Object.keys(s.labels)
    .filter((l) => !SCRAPE_LABELS.has(l) && !l.startsWith('exported_') && l !== 'le')
    .sort()
    .join(',');
const le = (s: Sample) => (s.labels.le === '+Inf' ? Infinity : Number(s.labels.le));

/** metric name → the distinct label-name sets and bucket-boundary lists it has. */
function shapes(samples: Sample[]) {
  const out = new Map<string, { labels: Set<string>; buckets: Set<string> }>();
  const buckets = new Map<string, number[]>();
  for (const s of samples) {
    if (!COVERED.test(s.name)) continue;
    const shape = out.get(s.name) ?? { labels: new Set(), buckets: new Set() };
    shape.labels.add(labelNames(s));
    out.set(s.name, shape);
    if (s.name.endsWith('_bucket')) {
      const key = `${s.name}|${JSON.stringify({ ...s.labels, le: undefined })}`;
      buckets.set(key, [...(buckets.get(key) ?? []), le(s)]);
    }
  }
  for (const [key, les] of buckets) {
    out.get(key.split('|')[0]!)!.buckets.add(les.sort((a, b) => a - b).join(' '));
  }
  return out;
}

function merge(all: Array<ReturnType<typeof shapes>>): ReturnType<typeof shapes> {
  const out: ReturnType<typeof shapes> = new Map();
  for (const m of all) {
    for (const [name, shape] of m) {
      const into = out.get(name) ?? { labels: new Set<string>(), buckets: new Set<string>() };
      shape.labels.forEach((l) => into.labels.add(l));
      shape.buckets.forEach((b) => into.buckets.add(b));
      out.set(name, into);
    }
  }
  return out;
}

const subset = (a: string, b: string) => a.split(',').every((x) => b.split(',').includes(x));

describe('simulator shapes match the real exposition fixtures', () => {
  const sim = merge(simulatorExpositions().map(shapes));
  const real = shapes(loadFixtures().flatMap((f) => f.samples));

  it('the simulator exports the covered engines at all (the comparison is not vacuous)', () => {
    expect(sim.size).toBeGreaterThan(80);
    expect(real.size).toBeGreaterThan(100);
  });

  it('every metric name the simulator exports exists in a fixture', () => {
    expect([...sim.keys()].filter((n) => !real.has(n)).sort()).toEqual([]);
  });

  it('with the label names some fixture has for it', () => {
    const wrong: string[] = [];
    for (const [name, shape] of sim) {
      const want = real.get(name)?.labels;
      if (!want) continue;
      for (const l of shape.labels)
        if (!want.has(l) && !(INFO.test(name) && [...want].some((w) => subset(l, w))))
          wrong.push(`${name}: simulator {${l}}, fixtures ${[...want].map((w) => `{${w}}`).join(' or ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('and the bucket boundaries some fixture has for it', () => {
    const wrong: string[] = [];
    for (const [name, shape] of sim) {
      const want = real.get(name)?.buckets;
      if (!want || !name.endsWith('_bucket') || CONFIGURED_BUCKETS.has(name)) continue;
      for (const b of shape.buckets)
        if (!want.has(b))
          wrong.push(`${name}: simulator [${b}], fixtures ${[...want].map((w) => `[${w}]`).join(' or ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
