// Dashboards as Grafana would load them: schema, ids, layout, datasource references, variables and
// every query checked against the shared query model and signal catalog.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allPanels,
  badDatasourceRefs,
  badSharedQueries,
  defaultVariableValues,
  duplicatePanelIds,
  gridProblems,
  targetsOf,
  undefinedVariables,
  unusedVariables,
  variableRefs,
  type DashboardLike,
} from './dashboard-checks';
import { queryProblems } from './query-contract';
import { SIGNAL_BY_ID } from '../../pkg/signals/catalog';
import { family } from '../../pkg/signals/families';

const ROOT = path.resolve(__dirname, '../..');
const OUR_TYPE = 'llmops-observability-datasource';
const EXPECTED = [
  'anomalies-rootcause.json',
  'cost-efficiency.json',
  'gpu-fleet.json',
  'instance-detail.json',
  'llm-serving-overview.json',
  'model-detail.json',
  'security-compliance.json',
  'traces.json',
];
/** Panel types Grafana ships plus ours. */
const PANEL_TYPES = new Set([
  'row',
  'timeseries',
  'stat',
  'gauge',
  'table',
  'text',
  'bargauge',
  'heatmap',
  'llmops-cost-panel',
  'llmops-rootcause-panel',
]);

const files = readdirSync(path.join(ROOT, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (f: string): DashboardLike => JSON.parse(readFileSync(path.join(ROOT, 'dashboards', f), 'utf8'));
const uids = files.map((f) => load(f).uid);

describe('dashboards/', () => {
  it('ships the eight dashboards with unique fixed uids', () => {
    expect(files).toEqual(EXPECTED);
    const uids = files.map((f) => load(f).uid);
    expect(new Set(uids).size).toBe(files.length);
    for (const uid of uids) expect(uid).toMatch(/^llmops-[a-z0-9-]{1,33}$/);
  });

  describe.each(files)('%s', (file) => {
    const d = load(file);

    it('has id null, schemaVersion ≥ 39, the llmops tag and links to the other dashboards by tag', () => {
      expect(d.id).toBeNull();
      expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(d.tags).toContain('llmops');
      expect(d.links).toContainEqual(
        expect.objectContaining({ type: 'dashboards', tags: ['llmops'], includeVars: true, keepTime: true })
      );
    });

    it('has unique panel ids and a non-overlapping layout within 24 columns', () => {
      expect(duplicatePanelIds(d)).toEqual([]);
      expect(gridProblems(d)).toEqual([]);
    });

    it('uses only known panel types, each non-row panel with at least one query or content', () => {
      for (const p of allPanels(d)) {
        expect(PANEL_TYPES, `panel "${p.title}"`).toContain(p.type);
        if (p.type !== 'row' && p.type !== 'text') expect(p.targets?.length, `panel "${p.title}"`).toBeGreaterThan(0);
      }
    });

    it('leaves the time zone to the viewer and links to the other dashboards it drills into', () => {
      expect(d.timezone).toBe('');
      for (const l of d.links ?? []) {
        if (l.type !== 'link') continue;
        const uid = /^\/d\/([\w-]+)$/.exec(String(l.url))?.[1];
        expect(uids, `link ${String(l.title)}`).toContain(uid);
        expect(l).toMatchObject({ includeVars: true, keepTime: true });
      }
    });

    it("describes every panel; a signal panel names each engine's metric from the catalog", () => {
      for (const p of allPanels(d)) {
        if (p.type === 'row' || p.type === 'text') continue;
        expect(String(p.description ?? '').length, `panel "${p.title}"`).toBeGreaterThan(20);
        for (const t of p.targets ?? []) {
          if (t.queryType !== 'signal') continue;
          const def = SIGNAL_BY_ID.get(t.signal as never)!;
          if (def.computed) continue;
          // Each engine's preferred metric (first variant), by engine name.
          for (const fam of new Set(def.variants.map((v) => v.family))) {
            const first = def.variants.find((v) => v.family === fam)!;
            expect(String(p.description), `panel "${p.title}" names ${fam}`).toContain(family(fam).short);
            if (first.hist) expect(String(p.description), `panel "${p.title}"`).toContain(first.hist.metric);
          }
        }
      }
    });

    it('uses token units, never "short", for token signals', () => {
      for (const p of allPanels(d)) {
        const tokenSignals = (p.targets ?? []).filter((t) =>
          /tokens_rate|prompt_length|output_length|iteration_tokens/.test(String(t.signal))
        );
        if (!tokenSignals.length || p.type === 'table') continue;
        expect((p.fieldConfig as { defaults?: { unit?: string } })?.defaults?.unit, `panel "${p.title}"`).not.toBe(
          'short'
        );
      }
    });

    it('passes variables in links as ${var:queryparam} (which writes var-name=value itself)', () => {
      expect(JSON.stringify(d)).not.toMatch(/var-\w+=\$\{\w+:queryparam\}/);
    });

    it('reuses query results only from panels of the same dashboard', () => {
      expect(badSharedQueries(d)).toEqual([]);
    });

    it('keeps legends from outgrowing the plot: per-replica series get a table to the right or none', () => {
      for (const p of allPanels(d)) {
        if (p.type !== 'timeseries') continue;
        const legend = (p.options as { legend?: { displayMode?: string; placement?: string; showLegend?: boolean } })
          .legend!;
        if (legend.displayMode === 'table') expect(legend.placement, `panel "${p.title}"`).toBe('right');
        const perReplica = (p.targets ?? []).some((t) =>
          ((t.groupBy as string[] | undefined) ?? []).some((l) => ['instance', 'gpu', 'hostname'].includes(l))
        );
        if (perReplica)
          expect(legend.displayMode === 'table' || legend.showLegend === false, `panel "${p.title}"`).toBe(true);
      }
    });

    it('refers to datasources only through ${datasource} of our type (no hard-coded uids)', () => {
      expect(badDatasourceRefs(d, OUR_TYPE)).toEqual([]);
      const dsVar = d.templating?.list?.find((v) => v.name === 'datasource');
      expect(dsVar).toMatchObject({ type: 'datasource', query: OUR_TYPE });
    });

    it('defines every variable it uses and uses every variable it defines', () => {
      expect(undefinedVariables(d)).toEqual([]);
      expect(unusedVariables(d)).toEqual([]);
    });

    it('has label variables answered by our datasource', () => {
      for (const v of d.templating?.list ?? []) {
        if (v.type !== 'query') continue;
        expect(v.datasource, `variable ${String(v.name)}`).toEqual({ type: OUR_TYPE, uid: '${datasource}' });
        expect(['label-values', 'services'], `variable ${String(v.name)}`).toContain(
          (v.query as { kind?: string }).kind
        );
      }
    });

    it('sends only valid queries: known queryType, signal ids and aggregations (after variable interpolation)', () => {
      const targets = targetsOf(d, defaultVariableValues(d, { service: 'vllm-llama-3.1-8b-instruct' }));
      expect(targets.length).toBeGreaterThan(0);
      const problems = targets.flatMap((t) =>
        queryProblems(t.query).map((p) => `${t.panel} / ${String(t.query.refId)}: ${p}`)
      );
      expect(problems).toEqual([]);
    });
  });
});

describe('dashboard checks catch broken dashboards', () => {
  const broken: DashboardLike = {
    templating: {
      list: [
        { name: 'datasource', type: 'datasource' },
        { name: 'unused', type: 'custom', query: 'a' },
      ],
    },
    panels: [
      {
        id: 1,
        type: 'stat',
        title: 'A',
        gridPos: { x: 0, y: 0, w: 12, h: 4 },
        datasource: { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' },
      },
      {
        id: 1,
        type: 'stat',
        title: 'B',
        gridPos: { x: 6, y: 2, w: 20, h: 4 },
        targets: [{ refId: 'A', expr: 'up{job="$job"}' }],
      },
    ],
  };

  it('finds duplicate ids, overlaps, overflow, hard-coded datasources and unknown or unused variables', () => {
    expect(duplicatePanelIds(broken)).toEqual([1]);
    expect(gridProblems(broken)).toEqual(
      expect.arrayContaining([expect.stringContaining('exceeds 24'), expect.stringContaining('overlaps')])
    );
    expect(badDatasourceRefs(broken, OUR_TYPE)).toHaveLength(1);
    expect(undefinedVariables(broken)).toEqual(['job']);
    expect(unusedVariables(broken)).toEqual(['datasource', 'unused']);
  });

  it('parses every Grafana variable syntax and skips built-ins and regex back-references', () => {
    expect(variableRefs('$a ${b} ${c:regex} [[d]] ${__value.raw} $__rate_interval "$1"')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects unknown signals, aggregations a signal lacks, and unknown query types', () => {
    expect(queryProblems({ refId: 'A', queryType: 'signal', signal: 'ttft_typo', aggregation: 'p95' })).not.toEqual([]);
    expect(
      queryProblems({ refId: 'A', queryType: 'signal', signal: 'kv_cache_usage', aggregation: 'ratio' })
    ).not.toEqual([]);
    expect(queryProblems({ refId: 'A', queryType: 'magic' })).toEqual(['unknown queryType "magic"']);
    expect(queryProblems({ refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: 'p95' })).toEqual([]);
  });
});
