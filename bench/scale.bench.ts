// Scale: a fleet of `models × replicas` serving instances with `gpus` GPUs each (default 10 × 100 × 8 =
// 1,000 instances, 8,000 GPUs) over `duration` (default 7d) at one sample per `step` seconds, written
// straight to TSDB blocks by the simulator, served by a real Prometheus, queried through the built
// executable. Not run in CI. Prints:
//   - per shipped dashboard: wall time of all its PromQL/signal panels through the plugin (one QueryData
//     per panel, concurrently, as Grafana sends them) against the same PromQL (the plugin's
//     executedQueryString) sent straight to Prometheus the same way; goal ≤ 1.5×. Analytic panels
//     (anomaly, rootcause, cost) have no one-PromQL equivalent: timed on their own. Jaeger panels skipped
//     (no Jaeger here).
//   - every provisioned alert rule's datasource queries (time, errors);
//   - anomaly over `anomalySeries` (default 1,000) GPU series × 1 day (goal ≤ 2 s), root cause over the
//     whole fleet (goal ≤ 5 s), the plugin's peak RSS (goal ≤ 1 GiB).
// Arguments (environment): SCALE_MODELS, SCALE_REPLICAS, SCALE_GPUS, SCALE_DURATION, SCALE_STEP,
// SCALE_TSDB (a directory: written on first use, reused after), SCALE_ANOMALY_SERIES, SCALE_DASHBOARDS,
// SCALE_ANALYTIC_PANELS, SCALE_BULK (jsonData.maxAnalyticsUpstreamRequests), PROMETHEUS_BIN (e.g. prometheus3, on a copy of the TSDB), SCALE_ALERT_RULES (0 skips the rules; SCALE_DASHBOARDS=none skips the dashboards).
// Full size needs ~580k series; the simulator writes about 20k samples/s on these shared cores, so 7 days
// is out of reach here: see the README for what was run.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SCENARIO_END_MS, writeBackfill } from '../simulator/src';
import { startPlugin, type QueryJson, type QuerySpec } from '../test/host';
import type { ProvisionedRule } from '../test/ootb/alert-checks';
import { allPanels, DASHBOARD_DS_UID, defaultVariableValues, interpolate, type DashboardLike } from '../test/ootb/dashboard-checks';
import { startPrometheus, tempDir } from '../test/support/services';
import type { BenchRow } from './run';
import { scaleFleet } from './scale-fleet';

const ROOT = path.resolve(__dirname, '..');
const env = (k: string, d: string) => process.env[k] ?? d;
const SIZE = { models: Number(env('SCALE_MODELS', '10')), replicas: Number(env('SCALE_REPLICAS', '100')), gpusPerInstance: Number(env('SCALE_GPUS', '8')) };
const DURATION = env('SCALE_DURATION', '7d');
const STEP_S = Number(env('SCALE_STEP', '60'));
const ANOMALY_SERIES = Number(env('SCALE_ANOMALY_SERIES', '1000'));
/** SCALE_DASHBOARDS: comma list of dashboard files to run (default all); SCALE_ANALYTIC_PANELS=0 skips analytic panels. */
const DASHBOARDS = process.env.SCALE_DASHBOARDS?.split(',').filter(Boolean);
const ANALYTIC_PANELS = env('SCALE_ANALYTIC_PANELS', '1') !== '0';
const ANALYTIC = new Set(['anomaly', 'rootcause', 'cost']);
const JAEGER = new Set(['traces', 'trace', 'compliance']);

function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

function rangeMs(from: string | undefined): number {
  const m = /^now-(\d+)([mhd])$/.exec(from ?? '');
  if (!m) return 3_600_000;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

/** PromQL and step (s) of every frame the plugin answered, from its executedQueryString. */
function executed(json: QueryJson): Array<{ expr: string; step?: number; instant: boolean }> {
  const out = new Map<string, { expr: string; step?: number; instant: boolean }>();
  for (const r of Object.values(json.results)) {
    for (const f of r.frames ?? []) {
      const s = (f.schema.meta as { executedQueryString?: string } | undefined)?.executedQueryString;
      if (!s || s.startsWith('(no query')) continue;
      if (s.startsWith('degradation level')) {
        // Computed in the plugin from one PromQL per input ("input: expr" lines) at the frame's interval.
        const interval = f.schema.fields.map((x) => (x as { config?: { interval?: number } }).config?.interval).find((v) => v !== undefined);
        for (const line of s.split('\n').slice(1)) {
          const expr = line.replace(/^\w+: /, '');
          out.set(`${expr}\n${interval}`, { expr, step: interval === undefined ? undefined : interval / 1000, instant: interval === undefined });
        }
        continue;
      }
      const [expr, stepLine] = s.split('\nStep: ');
      const step = stepLine ? parseDuration(stepLine) : undefined;
      out.set(s, { expr: expr!, step, instant: step === undefined });
    }
  }
  return [...out.values()];
}

function parseDuration(s: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(s.trim());
  if (!m) return STEP_S;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's'];
}

/** Sends one PromQL straight to Prometheus; resolves to an error text instead of throwing. */
async function direct(url: string, q: { expr: string; step?: number; instant: boolean }, from: number, to: number): Promise<string | undefined> {
  const params = q.instant
    ? new URLSearchParams({ query: q.expr, time: String(to / 1000) })
    : new URLSearchParams({ query: q.expr, start: String(from / 1000), end: String(to / 1000), step: String(q.step) });
  const res = await fetch(`${url}/api/v1/${q.instant ? 'query' : 'query_range'}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: params,
  });
  const body = (await res.json()) as { status: string; error?: string };
  return body.status === 'success' ? undefined : `${body.error} in ${q.expr.slice(0, 80)}`;
}

export default async function run(): Promise<BenchRow[]> {
  // Rows also go to stderr as they are measured: a full-size run takes long, partial results still count.
  const rows: BenchRow[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...r: BenchRow[]) => {
    for (const row of r) process.stderr.write(`scale: ${row.name}: ${row.value.toFixed(0)} ${row.unit}${row.ratio ? ` (×${row.ratio.toFixed(2)})` : ''} ${row.note ?? ''}\n`);
    return push(...r);
  };
  const fleet = scaleFleet(SIZE);
  const gpus = fleet.hosts.reduce((n, h) => n + h.gpuCount, 0);
  const label = `${fleet.instances.length} instances, ${gpus} GPUs, ${DURATION} at ${STEP_S} s`;
  const tsdb = process.env.SCALE_TSDB ?? tempDir('scale-tsdb');
  const end = SCENARIO_END_MS;
  if (!existsSync(path.join(tsdb, 'ground-truth.json'))) {
    const t0 = performance.now();
    const r = await writeBackfill({ fleet, out: tsdb, format: 'tsdb', duration: DURATION, stepSeconds: STEP_S, end, sensitive: 0 });
    const s = (performance.now() - t0) / 1000;
    rows.push({ name: `simulator → TSDB (${label})`, value: s, unit: 's', note: `${(r as { samples?: number }).samples ?? '?'} samples, ${(r as { series?: number }).series ?? '?'} series` });
  } else {
    rows.push({ name: `reused TSDB ${tsdb} (${label})`, value: 0, unit: 's' });
  }
  const prom = await startPrometheus({ tsdbDir: tsdb, scrapeInterval: `${STEP_S}s`, binary: process.env.PROMETHEUS_BIN });
  const plugin = await startPlugin({ clockStartMs: end });
  const settings = { uid: 'scale', url: prom.url, jsonData: { timeInterval: `${STEP_S}s`, timeoutSeconds: 120, maxSeries: 20_000, ...(process.env.SCALE_BULK ? { maxAnalyticsUpstreamRequests: Number(process.env.SCALE_BULK) } : {}) } };
  try {
    await plugin.checkHealth(settings); // engine detection, connections
    const files = readdirSync(path.join(ROOT, 'dashboards')).filter((f) => f.endsWith('.json') && (!DASHBOARDS || DASHBOARDS.includes(f)));
    for (const file of files.sort()) {
      const d = JSON.parse(readFileSync(path.join(ROOT, 'dashboards', file), 'utf8')) as DashboardLike & { time?: { from?: string } };
      const values = defaultVariableValues(d);
      const from = end - rangeMs(d.time?.from);
      const panels: Array<{ title: string; plain: QuerySpec[]; analytic: QuerySpec[] }> = [];
      for (const p of allPanels(d)) {
        const plain: QuerySpec[] = [];
        const analytic: QuerySpec[] = [];
        for (const t of p.targets ?? []) {
          // Hidden, or another panel's result reused (Grafana sends nothing for those).
          if (t.hide || (t.datasource as { uid?: string } | undefined)?.uid === DASHBOARD_DS_UID) continue;
          const model = interpolate(t, values) as Record<string, unknown>;
          const type = String(model.queryType ?? 'signal');
          if (JAEGER.has(type)) continue;
          const spec: QuerySpec = { refId: String(model.refId ?? 'A'), queryType: type, model, from, to: end, intervalMs: STEP_S * 1000, maxDataPoints: 1000 };
          (ANALYTIC.has(type) ? analytic : plain).push(spec);
        }
        if (plain.length || analytic.length) panels.push({ title: String(p.title), plain, analytic });
      }
      const plainPanels = panels.filter((p) => p.plain.length);
      if (plainPanels.length) {
        // Twice each, alternating (plugin, direct, plugin, direct), the second of each counted: the first
        // plugin pass warms Prometheus' page cache and tells which PromQL the panels run.
        const viaPluginOnce = async () => {
          const t0 = performance.now();
          const answers = await Promise.all(plainPanels.map((p) => plugin.queryJson(p.plain, { settings, deadlineMs: 300_000 })));
          return { ms: performance.now() - t0, answers };
        };
        const first = await viaPluginOnce();
        const perPanel = first.answers.map(executed);
        const directOnce = async () => {
          const t1 = performance.now();
          const errs = (await Promise.all(perPanel.map((qs) => Promise.all(qs.map((q) => direct(prom.url, q, from, end)))))).flat().filter(Boolean);
          return { ms: performance.now() - t1, errs };
        };
        await directOnce();
        const second = await viaPluginOnce();
        const straight = await directOnce();
        const viaPlugin = second.ms;
        const errors = second.answers.flatMap((a) => Object.values(a.results).filter((r) => r.error).map((r) => r.error!));
        const directErrors = straight.errs;
        if (directErrors.length) process.stderr.write(`${file}: ${directErrors.length} executed strings are not PromQL: ${directErrors[0]}\n`);
        rows.push({
          name: `dashboard ${file}: ${plainPanels.length} PromQL/signal panels`,
          value: viaPlugin,
          unit: 'ms',
          baseline: straight.ms,
          ratio: viaPlugin / straight.ms,
          note: `goal ≤ 1.5; ${perPanel.flat().length - directErrors.length} PromQL; range ${d.time?.from}; errors ${errors.length}${errors.length ? ` (${errors[0]!.slice(0, 60)})` : ''}`,
        });
      }
      for (const p of panels.filter((x) => ANALYTIC_PANELS && x.analytic.length)) {
        const t0 = performance.now();
        const a = await plugin.queryJson(p.analytic, { settings, deadlineMs: 300_000 });
        const errors = Object.values(a.results).filter((r) => r.error).map((r) => r.error!);
        rows.push({
          name: `dashboard ${file}: "${p.title}" (${p.analytic.map((q) => q.queryType).join(', ')})`,
          value: performance.now() - t0,
          unit: 'ms',
          note: errors.length ? `errors ${errors.length}: ${errors[0]!.slice(0, 80)}` : '',
        });
      }
    }

    const rules = env('SCALE_ALERT_RULES', '1') === '0' ? [] : (parse(readFileSync(path.join(ROOT, 'provisioning/alerting/llmops-rules.yaml'), 'utf8')) as { groups: Array<{ rules: ProvisionedRule[] }> }).groups.flatMap((g) => g.rules);
    let ruleErrors = 0;
    const ruleTimes: number[] = [];
    for (const rule of rules) {
      const queries = rule.data
        .filter((q) => q.datasourceUid !== '__expr__')
        .map((q) => ({ refId: q.refId, queryType: String(q.model.queryType ?? 'signal'), model: q.model, from: end - (q.relativeTimeRange?.from ?? 600) * 1000, to: end - (q.relativeTimeRange?.to ?? 0) * 1000, intervalMs: STEP_S * 1000, maxDataPoints: 100 }));
      if (queries.some((q) => JAEGER.has(q.queryType))) continue;
      const t0 = performance.now();
      const a = await plugin.queryJson(queries, { settings, headers: { FromAlert: 'true' }, deadlineMs: 300_000 });
      ruleTimes.push(performance.now() - t0);
      ruleErrors += Object.values(a.results).filter((r) => r.error).length;
    }
    ruleTimes.sort((a, b) => a - b);
    rows.push({ name: `alert rules: ${ruleTimes.length} rules' queries, slowest`, value: ruleTimes.at(-1) ?? NaN, unit: 'ms', note: `median ${ruleTimes[ruleTimes.length >> 1]?.toFixed(0)} ms; errors ${ruleErrors}` });

    // Anomaly over N GPU series × 1 day: GPU 0 of each host, then more GPUs until N. Baseline: the
    // source PromQL the plugin ran (its executedQueryString), over the same lookback and step, sent
    // straight to Prometheus; the bare selector is timed too (what no PromQL can avoid).
    const perHost = Math.max(1, Math.ceil(ANOMALY_SERIES / fleet.hosts.length));
    const gpuRe = Array.from({ length: perHost }, (_, g) => g).join('|');
    const anomaly: QuerySpec = {
      refId: 'A',
      queryType: 'anomaly',
      model: { refId: 'A', queryType: 'anomaly', source: { queryType: 'promql', expr: `topk(${ANOMALY_SERIES}, DCGM_FI_DEV_GPU_UTIL{gpu=~"${gpuRe}"})` }, detector: { sensitivity: 0.5, seasonality: 'none', history: '1d' } },
      from: end - 86_400_000,
      to: end,
      intervalMs: STEP_S * 1000,
      maxDataPoints: 1440,
    };
    const anomalyOnce = async () => {
      const t0 = performance.now();
      const json = await plugin.queryJson([anomaly], { settings, deadlineMs: 300_000 });
      return { ms: performance.now() - t0, json };
    };
    const timedDirect = async (q: { expr: string; step?: number; instant: boolean }, from: number) => {
      const t0 = performance.now();
      const err = await direct(prom.url, q, from, end);
      return { ms: performance.now() - t0, err };
    };
    // Twice, alternating with the direct queries; the second of each counted (as for the dashboards).
    let an = await anomalyOnce();
    const meta0 = an.json.results.A?.frames?.[0]?.schema.meta as { executedQueryString?: string; custom?: { anomaly?: { historyFrom?: number; stepMs?: number } } } | undefined;
    const sourceExpr = (meta0?.executedQueryString ?? '').split('\n')[0]!;
    const historyFrom = meta0?.custom?.anomaly?.historyFrom ?? end - 2 * 86_400_000;
    const sourceStep = (meta0?.custom?.anomaly?.stepMs ?? STEP_S * 1000) / 1000;
    const bare = { expr: 'DCGM_FI_DEV_GPU_UTIL', step: sourceStep, instant: false };
    const source = { expr: sourceExpr, step: sourceStep, instant: false };
    await timedDirect(source, historyFrom);
    an = await anomalyOnce();
    const sourceDirect = await timedDirect(source, historyFrom);
    const bareDirect = await timedDirect(bare, historyFrom);
    const nSeries = (an.json.results.A?.frames ?? []).filter((f) => f.schema.fields.some((x) => x.name === 'flag' || /flag/i.test(x.name ?? ''))).length;
    rows.push({
      name: `anomaly over GPU series × 1 day`,
      value: an.ms,
      unit: 'ms',
      baseline: sourceDirect.ms,
      ratio: an.ms / sourceDirect.ms,
      note: `goal ≤ 2000; baseline: its source PromQL straight to Prometheus; bare selector ${bareDirect.ms.toFixed(0)} ms; ${nSeries} series shown; ${an.json.results.A?.error ?? sourceDirect.err ?? 'ok'}`,
    });

    // Root cause over the fleet. Baseline: the range queries it ran (its executedQueryString), sent
    // straight to Prometheus one after another, as the analytic lane sends them with one in flight.
    const rca: QuerySpec = { refId: 'A', queryType: 'rootcause', model: { refId: 'A', queryType: 'rootcause', target: { signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }, from: end - 6 * 3_600_000, to: end, intervalMs: STEP_S * 1000, maxDataPoints: 360 };
    const rcaOnce = async () => {
      const t0 = performance.now();
      const json = await plugin.queryJson([rca], { settings, deadlineMs: 300_000 });
      return { ms: performance.now() - t0, json };
    };
    const rcaDirect = async (executed: string) => {
      const t0 = performance.now();
      let errs = 0;
      for (const line of executed.split('\n').slice(1)) {
        const m = /^(\d+) (\d+) (\S+) (.*)$/.exec(line);
        if (!m) continue;
        const err = await direct(prom.url, { expr: m[4]!, step: parseDuration(m[3]!), instant: false }, Number(m[1]), Number(m[2]));
        if (err) errs++;
      }
      return { ms: performance.now() - t0, errs };
    };
    let rc = await rcaOnce();
    const executedOf = (j: QueryJson) => String((j.results.A?.frames?.[0]?.schema.meta as { executedQueryString?: string } | undefined)?.executedQueryString ?? '');
    await rcaDirect(executedOf(rc.json));
    rc = await rcaOnce();
    const rcStraight = await rcaDirect(executedOf(rc.json));
    const custom = (rc.json.results.A?.frames?.[0]?.schema.meta as { custom?: { message?: string; candidateScope?: unknown } } | undefined)?.custom;
    rows.push({
      name: 'root cause over the whole fleet (6 h, target per model)',
      value: rc.ms,
      unit: 'ms',
      baseline: rcStraight.ms,
      ratio: rc.ms / rcStraight.ms,
      note: `goal ≤ 5000; baseline: its ${executedOf(rc.json).split('\n').length - 1} range queries straight to Prometheus one after another (${rcStraight.errs} errors); candidates ${JSON.stringify(custom?.candidateScope ?? 'fleet')}; ${rc.json.results.A?.error ?? custom?.message ?? 'ok'}`,
    });
    rows.push({ name: 'plugin peak RSS', value: peakRss(plugin.pid) / 2 ** 20, unit: 'MiB', note: 'goal ≤ 1024' });
  } finally {
    await plugin.close();
    await prom.stop();
    if (!process.env.SCALE_TSDB) rmSync(tsdb, { recursive: true, force: true });
  }
  return rows;
}
