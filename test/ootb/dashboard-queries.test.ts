// Every query of every shipped dashboard panel and every alert rule, sent through the built backend
// executable (as Grafana would, variables interpolated) against a real Prometheus holding the
// simulator's history for every engine flavour and a real Jaeger holding its traces. Each must answer
// without error and with non-empty frames of the shape its panel (or the alert engine) needs.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { QueryJsonFrame, QueryJsonResult } from '../host';
import type { ProvisionedRule } from './alert-checks';
import { evaluateRule, type Series } from './alert-eval';
import {
  allPanels,
  DASHBOARD_DS_UID,
  defaultVariableValues,
  interpolate,
  type DashboardLike,
} from './dashboard-checks';
import { framesToSeries, jaegerServices, rowCount, startLiveFleet, type LiveFleet } from './live-fleet';

const ROOT = path.resolve(__dirname, '../..');
const dashboards = readdirSync(path.join(ROOT, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(path.join(ROOT, 'dashboards', f), 'utf8')) as DashboardLike] as const);
const rules = (
  parse(readFileSync(path.join(ROOT, 'provisioning/alerting/llmops-rules.yaml'), 'utf8')) as {
    groups: Array<{ rules: ProvisionedRule[] }>;
  }
).groups.flatMap((g) => g.rules);

let live: LiveFleet;
let service = '';

beforeAll(async () => {
  live = await startLiveFleet();
  const services = await jaegerServices(live.jaeger);
  service = services.find((s) => s.startsWith('vllm-')) ?? services[0] ?? '';
}, 600_000);

afterAll(async () => {
  await live?.stop();
});

/**
 * Panels that only have rows during an incident (a healthy hour has no failed traces): they must
 * still answer with a typed frame (fields present), so the panel renders "no data" and not an error.
 */
const INCIDENT_ONLY = new Set(['Failed traces']);

/** What a panel of this type needs from a query's frames; an empty string when it is satisfied. */
function shapeProblem(panelType: string, instant: boolean, frames: QueryJsonFrame[], incidentOnly = false): string {
  const withRows = frames.filter((f) => rowCount(f) > 0);
  if (incidentOnly && withRows.length === 0) {
    return frames.some((f) => f.schema.fields.length > 0) ? '' : 'no typed frame (fields) for an empty result';
  }
  if (withRows.length === 0) return `no frame with data (${frames.length} frames)`;
  const hasNumber = withRows.some((f) => f.schema.fields.some((x) => x.type === 'number'));
  const isTimeseries = withRows.some(
    (f) => f.schema.fields.some((x) => x.type === 'time') && f.schema.fields.some((x) => x.type === 'number')
  );
  if (panelType === 'timeseries' && !instant && !isTimeseries) return 'timeseries panel got no time + number frame';
  if ((panelType === 'stat' || panelType === 'gauge') && !hasNumber) return `${panelType} panel got no number field`;
  if (panelType === 'heatmap') {
    const rows = withRows.find((f) => f.schema.meta?.type === 'heatmap-rows');
    const buckets = rows?.schema.fields.filter((x) => x.type === 'number').length ?? 0;
    if (buckets < 3) return `heatmap panel got no heatmap-rows frame with buckets (${buckets})`;
  }
  return '';
}

/** The dashboard's default time range (`now-6h`), capped at the simulated history. */
function rangeMs(d: DashboardLike): number {
  const m = /^now-(\d+)([mhd])$/.exec(String((d.time as { from?: string } | undefined)?.from));
  const ms = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'] : 3_600_000;
  return Math.min(ms, live.historyMs);
}

describe.each(dashboards)('dashboard %s: every panel query answers with data', (_file, dashboard) => {
  it('all targets', async () => {
    const values = defaultVariableValues(dashboard, { service });
    // "now" is the end of the simulated history.
    const to = live.endMs;
    const from = to - rangeMs(dashboard);
    const problems: string[] = [];
    let count = 0;
    for (const panel of allPanels(dashboard)) {
      // Reused results of another panel (-- Dashboard --): Grafana runs nothing for them; their source is checked.
      const targets = (panel.targets ?? []).filter(
        (t) => !t.hide && (t.datasource as { uid?: string } | undefined)?.uid !== DASHBOARD_DS_UID
      );
      if (targets.length === 0) continue;
      // One request per panel, as Grafana's panel query runner sends it.
      const specs = targets.map((t) => {
        const model = interpolate(t, values);
        return {
          refId: String(t.refId),
          queryType: String(model.queryType),
          model,
          from,
          to,
          maxDataPoints: 600,
          intervalMs: 15_000,
        };
      });
      const json = await live.plugin.queryJson(specs, { settings: live.settings });
      for (const t of targets) {
        count++;
        const r: QueryJsonResult | undefined = json.results[String(t.refId)];
        const where = `${panel.title} / ${String(t.refId)} (${String(t.queryType)}${t.signal ? ` ${String(t.signal)}` : ''})`;
        if (!r) problems.push(`${where}: no result`);
        else if (r.error || r.status !== 200) problems.push(`${where}: ${r.status} ${r.error}`);
        else {
          const p = shapeProblem(
            String(panel.type),
            t.instant === true,
            r.frames ?? [],
            INCIDENT_ONLY.has(String(panel.title))
          );
          if (p) problems.push(`${where}: ${p}`);
        }
      }
    }
    expect(count).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

/** Rules whose query is empty on a healthy fleet by design (nothing is missing): typed frames, no series. */
const EMPTY_WHEN_HEALTHY = new Set(['llmops-target-missing']);

describe('alert rules: every data query answers with numeric series the alert engine accepts', () => {
  it.each(rules.map((r) => [r.uid, r] as const))('%s', async (uid, rule) => {
    const to = live.endMs;
    const queries = rule.data.filter((q) => q.datasourceUid !== '__expr__');
    const json = await live.plugin.queryJson(
      queries.map((q) => ({
        refId: q.refId,
        queryType: String(q.model.queryType),
        model: q.model,
        from: to - (q.relativeTimeRange?.from ?? 600) * 1000,
        to,
        maxDataPoints: Number(q.model.maxDataPoints ?? 43_200),
        intervalMs: Number(q.model.intervalMs ?? 15_000),
      })),
      { settings: live.settings, headers: { FromAlert: 'true', 'X-Rule-Uid': rule.uid } }
    );
    const data: Record<string, Series[]> = {};
    for (const q of queries) {
      const r = json.results[q.refId];
      expect(r?.error, `${q.refId}: ${r?.error}`).toBeUndefined();
      expect(r?.status).toBe(200);
      const frames = r!.frames ?? [];
      // Alerting needs typed numeric frames (timeseries-* or numeric-*, dataplane) with unique label sets.
      for (const f of frames)
        expect(String(f.schema.meta?.type ?? ''), q.refId).toMatch(/^(timeseries|numeric)-(multi|wide|long)$/);
      const series = framesToSeries(frames).filter((s) => s.values.length > 0);
      if (EMPTY_WHEN_HEALTHY.has(uid)) {
        expect(series, `${q.refId}: nothing is missing on a healthy fleet`).toEqual([]);
        expect(frames.length, `${q.refId}: a typed empty frame`).toBeGreaterThan(0);
        data[q.refId] = series;
        continue;
      }
      expect(series.length, `${q.refId} returned no series`).toBeGreaterThan(0);
      const ids = series.map((s) => JSON.stringify(Object.entries(s.labels).sort()));
      expect(new Set(ids).size, `${q.refId}: duplicate label sets`).toBe(ids.length);
      data[q.refId] = series;
    }
    // The expression pipeline runs on what came back and gives a state per label set.
    const instances = evaluateRule(rule, data);
    if (EMPTY_WHEN_HEALTHY.has(uid)) expect(instances).toEqual([]);
    else expect(instances.length).toBeGreaterThan(0);
  });
});
