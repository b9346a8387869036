// Loader for the Sock Shop root-cause data of Ikram et al., "Root Cause Analysis of Failures in
// Microservices through Causal Discovery" (RCD, NeurIPS 2022), published in the GitHub repository
// azamikram/rcd (folder sock-shop-data/) and reused as "Sock Shop 1" by Pham, Ha and Zhang, "Root Cause
// Analysis for Microservices based on Causal Inference: How Far Are We?" (ASE 2024; RCAEval). Layouts read:
//   RCD (GitHub):     <root>/sock-shop-data/<service>-<fault>/<n>/{normal,anomalous}.csv
//   RCAEval (Zenodo): <root>/<service>_<fault>/<n>/data.csv + inject_time.txt (epoch s)
// Each CSV has a `time` column (epoch s, one row a second) and one column per `<container>_<metric>`
// (metric: cpu, mem, lod, lat_50, lat_90, lat_99, err; see the repository's collect-data.py for the
// PromQL). Only facts about the format are used; the reading code is ours.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SignalSeries } from '../../pkg/analytics/rootcause/types';

export interface SockShopCase {
  /** `<service>-<fault>/<n>`. */
  id: string;
  /** The injected service (a sock-shop container name). */
  service: string;
  /** cpu (CPU hog) or mem (memory leak) in this data. */
  fault: string;
  /** Fault onset, epoch ms. */
  at: number;
  /** End of the data, epoch ms. */
  end: number;
  /** Start of the data (the pre-fault baseline starts here), epoch ms. */
  start: number;
  /** One series per metric column; labels { service }. */
  series: SignalSeries[];
}

/**
 * Units of the collector's metrics, read from its PromQL: CPU is rate(container_cpu_usage_seconds_total)
 * × 100 (percent of a core), memory container_memory_usage_bytes, latency quantiles of
 * request_duration_seconds, errors a 4xx/5xx share. `lod` (requests/s) has no unit our floors know.
 */
const UNIT_OF_METRIC: Record<string, string> = { cpu: 'percent', mem: 'bytes', err: 'ratio' };

/** `carts-db_lat_90` → container `carts-db`, metric `lat_90` (container names carry no underscore). */
export function splitColumn(column: string): { container: string; metric: string } | null {
  const i = column.indexOf('_');
  if (i <= 0 || i === column.length - 1) return null;
  return { container: column.slice(0, i), metric: column.slice(i + 1) };
}

export function unitOfMetric(metric: string): string | undefined {
  if (/^lat_\d+$/.test(metric)) return 's';
  return UNIT_OF_METRIC[metric];
}

export interface SockShopTable {
  times: number[];
  columns: Map<string, Array<number | null>>;
}

/** Reads one CSV of the data: times in epoch ms, one value array per metric column (empty/NaN/inf → null). */
export function readSockShopCsv(text: string, what: string): SockShopTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error(`${what} has no rows`);
  const header = lines[0].split(',');
  const timeCol = header.indexOf('time');
  if (timeCol < 0) throw new Error(`${what} has no time column`);
  const cols = header.map((h, i) => ({ h, i })).filter(({ h, i }) => i !== timeCol && h !== 'time.1' && h !== '' && splitColumn(h));
  const times: number[] = [];
  const values = cols.map(() => [] as Array<number | null>);
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const t = Number(f[timeCol]);
    if (!Number.isFinite(t)) throw new Error(`${what}: unreadable time "${f[timeCol]}"`);
    times.push(Math.round(t * 1000));
    cols.forEach(({ i }, k) => {
      const v = Number(f[i]);
      values[k].push(f[i] === undefined || f[i] === '' || !Number.isFinite(v) ? null : v);
    });
  }
  return { times, columns: new Map(cols.map(({ h }, k) => [h, values[k]])) };
}

/** Series of a table, one per column, labelled with the container as `service`. */
export function tableSeries(table: SockShopTable): SignalSeries[] {
  const out: SignalSeries[] = [];
  for (const [column, values] of table.columns) {
    const { container, metric } = splitColumn(column)!;
    const unit = unitOfMetric(metric);
    out.push({ signal: metric, labels: { service: container }, times: table.times, values, ...(unit ? { unit } : {}) });
  }
  return out;
}

/**
 * RCD's layout keeps the fault-free and the faulty period in two files recorded at different times
 * (mostly days apart, once after the fault). They are joined as one recording: the normal rows are
 * moved, keeping their one-second spacing, to end one step before the first faulty row, which is the
 * fault onset (as in RCAEval's data.csv + inject_time.txt). Columns missing from one file are null there.
 */
export function joinNormalAndAnomalous(normal: SockShopTable, anomalous: SockShopTable): { table: SockShopTable; at: number } {
  const at = anomalous.times[0];
  const step = anomalous.times.length > 1 ? anomalous.times[1] - anomalous.times[0] : 1000;
  const shift = at - step - normal.times[normal.times.length - 1];
  const times = [...normal.times.map((t) => t + shift), ...anomalous.times];
  const columns = new Map<string, Array<number | null>>();
  for (const name of new Set([...normal.columns.keys(), ...anomalous.columns.keys()])) {
    const a = normal.columns.get(name) ?? normal.times.map(() => null);
    const b = anomalous.columns.get(name) ?? anomalous.times.map(() => null);
    columns.set(name, [...a, ...b]);
  }
  return { table: { times, columns }, at };
}

/** The data folder inside `root`: a clone of azamikram/rcd, its sock-shop-data folder, or RCAEval's sock-shop-1. */
export function dataDir(root: string): string {
  const nested = path.join(root, 'sock-shop-data');
  return existsSync(nested) ? nested : root;
}

/** Case folders (`<service>-<fault>/<n>` or `<service>_<fault>/<n>`) under the data folder, sorted. */
export function listCases(root: string): string[] {
  const dir = dataDir(root);
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`);
  const out: string[] = [];
  for (const kind of readdirSync(dir).sort()) {
    if (!/^[a-z0-9-]+[-_](cpu|mem|disk|delay|loss)$/.test(kind) || !statSync(path.join(dir, kind)).isDirectory()) continue;
    for (const n of readdirSync(path.join(dir, kind)).sort((a, b) => Number(a) - Number(b))) {
      const caseDir = path.join(dir, kind, n);
      if (existsSync(path.join(caseDir, 'anomalous.csv')) || existsSync(path.join(caseDir, 'data.csv'))) out.push(`${kind}/${n}`);
    }
  }
  if (out.length === 0) throw new Error(`no cases under ${dir}: expected <service>-<fault>/<n>/{normal,anomalous}.csv or <service>_<fault>/<n>/data.csv`);
  return out;
}

export function loadCase(root: string, id: string): SockShopCase {
  const caseDir = path.join(dataDir(root), id);
  const kind = id.split('/')[0];
  const m = /^(.+)[-_](cpu|mem|disk|delay|loss)$/.exec(kind);
  if (!m) throw new Error(`case folder ${kind} does not name <service>-<fault>`);
  let table: SockShopTable;
  let at: number;
  if (existsSync(path.join(caseDir, 'anomalous.csv'))) {
    const read = (f: string) => readSockShopCsv(readFileSync(path.join(caseDir, f), 'utf8'), `${id}/${f}`);
    ({ table, at } = joinNormalAndAnomalous(read('normal.csv'), read('anomalous.csv')));
  } else {
    table = readSockShopCsv(readFileSync(path.join(caseDir, 'data.csv'), 'utf8'), `${id}/data.csv`);
    at = Number(readFileSync(path.join(caseDir, 'inject_time.txt'), 'utf8').trim()) * 1000;
    if (!Number.isFinite(at)) throw new Error(`${id}/inject_time.txt is not an epoch time`);
  }
  return { id, service: m[1], fault: m[2], at, start: table.times[0], end: table.times[table.times.length - 1], series: tableSeries(table) };
}
