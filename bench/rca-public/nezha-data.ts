// Loader for the Nezha RCA benchmark data (Yu et al., "Nezha: Interpretable Fine-Grained Root Causes
// Analysis for Microservices on Multi-Modal Observability Data", ESEC/FSE 2023; data in the GitHub
// repository IntelligentDDS/Nezha, MIT licence). Layout read here, per day directory:
//   rca_data/<day>/<day>-fault_list.json   ground truth: inject_time, inject_timestamp, inject_pod, inject_type
//   rca_data/<day>/metric/<pod>_metric.csv one row a minute per pod (cAdvisor + Istio metrics)
//   rca_data/<day>/trace/<HH>_<MM>_trace.csv spans (TraceID, SpanID, ParentID, PodName, OperationName, …)
//   construct_data/<day>/trace/<HH>_<MM>_trace.csv spans of a fault-free minute (the construction phase)
// Only facts about the format are used; the reading code is ours.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SignalSeries } from '../../pkg/analytics/rootcause/types';

export interface NezhaFault {
  day: string;
  system: 'OnlineBoutique' | 'TrainTicket';
  /** Injection time, epoch ms. */
  at: number;
  pod: string;
  service: string;
  kind: string;
}

export interface NezhaSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  service: string;
  operation: string;
  startMs: number;
  durationMs: number;
}

export interface NezhaDay {
  day: string;
  system: NezhaFault['system'];
  faults: NezhaFault[];
  /** One series per (pod metric column); labels { service, pod }. */
  series: SignalSeries[];
  /** Trace files of the day by minute start (epoch ms); read lazily. */
  traceFiles: Map<number, string>;
}

/** Kubernetes pod name → service (drops the ReplicaSet hash and pod suffix), as the benchmark does. */
export function serviceOfPod(pod: string): string {
  return pod.replace(/-[a-z0-9]{5,10}-[a-z0-9]{5}$/, '');
}

/** Splits one CSV line; handles double-quoted fields with commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** `2022-08-22 03:51:19.607158889 +0000 UTC m=+0.11` → epoch ms (the TimeStamp column is not reliable). */
export function parseNezhaTime(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(s.trim());
  if (!m) throw new Error(`unreadable time "${s.slice(0, 40)}"`);
  return Date.parse(`${m[1]}T${m[2]}${m[3] ? m[3].slice(0, 4) : ''}Z`);
}

/** Columns that describe the pod itself (Node* columns describe the machine it shares with others). */
const SKIPPED_COLUMNS = new Set(['Time', 'TimeStamp', 'PodName']);

export function readMetricCsv(text: string, pod: string): SignalSeries[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return [];
  const header = splitCsvLine(lines[0]);
  const timeCol = header.indexOf('Time');
  if (timeCol < 0) throw new Error(`metric file of ${pod} has no Time column`);
  const cols = header.map((h, i) => ({ h, i })).filter(({ h }) => !SKIPPED_COLUMNS.has(h) && !h.startsWith('Node'));
  const times: number[] = [];
  const values = cols.map(() => [] as Array<number | null>);
  for (const line of lines.slice(1)) {
    const f = splitCsvLine(line);
    times.push(parseNezhaTime(f[timeCol]));
    cols.forEach(({ i }, k) => {
      const v = Number(f[i]);
      values[k].push(f[i] === '' || !Number.isFinite(v) ? null : v);
    });
  }
  const labels = { service: serviceOfPod(pod), pod };
  return cols.map(({ h }, k) => ({ signal: h, labels, times, values: values[k] }));
}

export function readTraceCsv(text: string): NezhaSpan[] {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`trace file has no ${name} column`);
    return i;
  };
  const [tr, sp, pa, pod, op, start, dur] = ['TraceID', 'SpanID', 'ParentID', 'PodName', 'OperationName', 'StartTimeUnixNano', 'Duration'].map(col);
  const out: NezhaSpan[] = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const f = splitCsvLine(line);
    out.push({
      traceId: f[tr],
      spanId: f[sp],
      parentId: f[pa] && f[pa] !== 'root' ? f[pa] : null,
      service: serviceOfPod(f[pod]),
      operation: f[op],
      startMs: Number(f[start]) / 1e6,
      // Duration is in microseconds.
      durationMs: Number(f[dur]) / 1e3,
    });
  }
  return out;
}

function systemOf(day: string, pods: string[]): NezhaFault['system'] {
  return pods.some((p) => p.startsWith('ts-')) ? 'TrainTicket' : 'OnlineBoutique';
}

/** Days present under `<root>/rca_data`. */
export function listDays(root: string): string[] {
  const dir = path.join(root, 'rca_data');
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: NEZHA_DATA must point at a copy of the Nezha repository`);
  return readdirSync(dir).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
}

export function loadDay(root: string, day: string): NezhaDay {
  const dir = path.join(root, 'rca_data', day);
  const raw = JSON.parse(readFileSync(path.join(dir, `${day}-fault_list.json`), 'utf8')) as Record<
    string,
    Array<{ inject_time: string; inject_pod: string; inject_type: string }>
  >;
  const listed = Object.values(raw).flat();
  const metricDir = path.join(dir, 'metric');
  const podFiles = readdirSync(metricDir).filter((f) => f.endsWith('_metric.csv'));
  const system = systemOf(day, podFiles);
  const faults = listed.map((f) => ({
    day,
    system,
    // inject_time is UTC wall time; inject_timestamp agrees with it.
    at: parseNezhaTime(f.inject_time),
    pod: f.inject_pod,
    service: serviceOfPod(f.inject_pod),
    kind: f.inject_type,
  }));
  const series = podFiles.flatMap((f) => readMetricCsv(readFileSync(path.join(metricDir, f), 'utf8'), f.replace(/_metric\.csv$/, '')));
  const traceFiles = new Map<number, string>();
  // The fault windows' traces, then the day's fault-free construction-phase traces (the paper's
  // fault-free phase, construct_data/<day>/trace), when the copy has them.
  for (const traceDir of [path.join(dir, 'trace'), path.join(root, 'construct_data', day, 'trace')]) {
    if (!existsSync(traceDir)) continue;
    for (const f of readdirSync(traceDir).sort()) {
      const m = /^(\d{2})_(\d{2})_trace\.csv$/.exec(f);
      const t = m ? Date.parse(`${day}T${m[1]}:${m[2]}:00Z`) : NaN;
      if (m && !traceFiles.has(t)) traceFiles.set(t, path.join(traceDir, f));
    }
  }
  return { day, system, faults: faults.sort((a, b) => a.at - b.at), series, traceFiles };
}
