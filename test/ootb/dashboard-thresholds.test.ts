// Colours that mean something: on the simulator's healthy fleet (no faults, the daily traffic pattern
// only), every coloured stat and gauge tile of every shipped dashboard shows its healthy colour. Each
// panel's queries run through the built backend against a real Prometheus, are reduced the way the
// panel reduces them (lastNotNull, mean, max) and looked up in the panel's own threshold steps.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allPanels,
  DASHBOARD_DS_UID,
  defaultVariableValues,
  interpolate,
  type DashboardLike,
  type PanelLike,
} from './dashboard-checks';
import { framesToSeries, jaegerServices, startLiveFleet, type LiveFleet } from './live-fleet';

const ROOT = path.resolve(__dirname, '../..');
const dashboards = readdirSync(path.join(ROOT, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(path.join(ROOT, 'dashboards', f), 'utf8')) as DashboardLike] as const);

type Step = { color: string; value: number | null };
const HEALTHY = new Set(['green', 'dark-green', 'semi-dark-green', 'light-green', 'text', 'transparent', 'blue']);

/** The colour Grafana gives a value: the last step at or below it (the base step has value null). */
export function colourOf(steps: Step[], value: number): string {
  let colour = steps[0]?.color ?? 'green';
  for (const s of steps) if (s.value === null || value >= s.value) colour = s.color;
  return colour;
}

function reduce(values: Array<number | null>, reducer: string): number | undefined {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return undefined;
  if (reducer === 'mean') return v.reduce((a, b) => a + b, 0) / v.length;
  if (reducer === 'max') return Math.max(...v);
  return v[v.length - 1];
}

/** Stat and gauge panels whose thresholds have any colour besides the healthy ones. */
function colouredTiles(d: DashboardLike): PanelLike[] {
  return allPanels(d).filter((p) => {
    if (p.type !== 'stat' && p.type !== 'gauge') return false;
    const steps = ((p.fieldConfig as { defaults?: { thresholds?: { steps?: Step[] } } })?.defaults?.thresholds?.steps ??
      []) as Step[];
    return steps.some((s) => !HEALTHY.has(s.color));
  });
}

describe('colour lookup', () => {
  it('takes the last step at or below the value', () => {
    const steps = [
      { color: 'red', value: null },
      { color: 'orange', value: 0.9 },
      { color: 'green', value: 0.99 },
    ];
    expect([0.5, 0.9, 0.95, 0.99, 1].map((v) => colourOf(steps, v))).toEqual([
      'red',
      'orange',
      'orange',
      'green',
      'green',
    ]);
  });
});

let live: LiveFleet;
let service = '';

beforeAll(async () => {
  live = await startLiveFleet({ scenario: 'healthy' });
  service = (await jaegerServices(live.jaeger)).find((s) => s.startsWith('vllm-')) ?? '';
}, 600_000);

afterAll(async () => {
  await live?.stop();
});

describe('a healthy fleet is green on every dashboard', () => {
  it('has coloured tiles to check (the test is not vacuous)', () => {
    expect(dashboards.reduce((n, [, d]) => n + colouredTiles(d).length, 0)).toBeGreaterThan(15);
  });

  it.each(dashboards)('%s', async (_file, dashboard) => {
    const values = defaultVariableValues(dashboard, { service });
    const to = live.endMs;
    const from = to - Math.min(3_600_000, live.historyMs);
    const problems: string[] = [];
    for (const panel of colouredTiles(dashboard)) {
      const targets = (panel.targets ?? []).filter(
        (t) => !t.hide && (t.datasource as { uid?: string } | undefined)?.uid !== DASHBOARD_DS_UID
      );
      const json = await live.plugin.queryJson(
        targets.map((t) => ({
          refId: String(t.refId),
          queryType: String(t.queryType),
          model: interpolate(t, values),
          from,
          to,
          maxDataPoints: 600,
          intervalMs: 15_000,
        })),
        { settings: live.settings }
      );
      const steps = (panel.fieldConfig as { defaults: { thresholds: { steps: Step[] } } }).defaults.thresholds.steps;
      const reducer = ((panel.options as { reduceOptions?: { calcs?: string[] } }).reduceOptions?.calcs ?? [
        'lastNotNull',
      ])[0]!;
      let seen = 0;
      for (const t of targets) {
        const r = json.results[String(t.refId)];
        if (r?.error) problems.push(`${panel.title}: ${r.error}`);
        for (const s of framesToSeries(r?.frames ?? [])) {
          const v = reduce(s.values, reducer);
          if (v === undefined) continue;
          seen++;
          const colour = colourOf(steps, v);
          if (!HEALTHY.has(colour)) problems.push(`${panel.title} ${JSON.stringify(s.labels)}: ${v} is ${colour}`);
        }
      }
      if (!seen) problems.push(`${panel.title}: no value to colour`);
    }
    expect(problems).toEqual([]);
  });
});
