// Loader for the PetShop root-cause dataset (Hardt, Orchard, Blöbaum, Kirschbaum, Kasiviswanathan, "The
// PetShop Dataset — Finding Causes of Performance Issues across Microservices", CLeaR 2024; GitHub
// amazon-science/petshop-root-cause-analysis, data CC-BY-4.0). Layout read:
//   <root>/<scenario>/graph.csv                     adjacency matrix, row → column = caller → callee
//   <root>/<scenario>/noissue/metrics.csv           normal operation
//   <root>/<scenario>/{train,test}/issue_<n>/metrics.csv + target.json
// A metrics.csv has three header rows (node, metric, statistic), a `unix_timestamp` row, then one row per
// 5-minute period: epoch seconds, then one value per column. Metrics are latency (seconds), availability
// (percent) and requests (count per period); statistics Average, Sum, p50, p90, p95, p99. Only facts
// about the format are used; the reading code is ours.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceEdge, SignalSeries } from '../../pkg/analytics/rootcause/types';
import { splitCsvLine } from './nezha-data';

export interface PetShopTarget {
  node: string;
  metric: string;
  /** Statistic of the target metric (Average in every issue of the data). */
  agg: string;
  /** When the issue was seen, epoch ms. */
  at: number;
}

export interface PetShopIssue {
  /** `<scenario>/<split>/issue_<n>`. */
  id: string;
  split: string;
  target: PetShopTarget;
  /** The node the fault was injected into. */
  rootCause: string;
  /** Row times, epoch ms. */
  times: number[];
  series: SignalSeries[];
}

export interface PetShopScenario {
  name: string;
  edges: ServiceEdge[];
  /** Normal operation (absent in the public repository for the temporal scenarios: a large blob). */
  normal: { times: number[]; series: SignalSeries[] } | null;
  issues: PetShopIssue[];
}

const UNIT_OF_METRIC: Record<string, string> = { latency: 's', availability: 'percent' };

/** The signal id of a column: `latency_p90`, `availability_Average`, `requests_Sum`. */
export function signalOf(metric: string, statistic: string): string {
  return `${metric}_${statistic}`;
}

/** Reads a metrics.csv: row times in epoch ms, one series per column labelled { service: node }. */
export function readPetShopMetrics(text: string, what: string): { times: number[]; series: SignalSeries[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 4) throw new Error(`${what}: expected 3 header rows and data, got ${lines.length} lines`);
  const [nodes, metrics, statistics] = lines.slice(0, 3).map(splitCsvLine);
  if (metrics[0] !== 'metric' || statistics[0] !== 'statistic') throw new Error(`${what}: header rows are not node / metric / statistic`);
  const body = lines.slice(3).filter((l) => !l.startsWith('unix_timestamp'));
  const times: number[] = [];
  const values: Array<Array<number | null>> = nodes.slice(1).map(() => []);
  for (const line of body) {
    const cells = splitCsvLine(line);
    const t = Number(cells[0]) * 1000;
    if (!Number.isFinite(t)) throw new Error(`${what}: unreadable time "${cells[0]}"`);
    times.push(t);
    for (let c = 1; c < nodes.length; c++) {
      const v = cells[c] === undefined || cells[c] === '' ? NaN : Number(cells[c]);
      values[c - 1].push(Number.isFinite(v) ? v : null);
    }
  }
  const series: SignalSeries[] = [];
  for (let c = 1; c < nodes.length; c++) {
    if (values[c - 1].every((v) => v === null)) continue;
    series.push({ signal: signalOf(metrics[c], statistics[c]), labels: { service: nodes[c] }, times, values: values[c - 1], unit: UNIT_OF_METRIC[metrics[c]], windowMs: 300_000 });
  }
  return { times, series };
}

/** graph.csv → caller → callee edges (a 1 at row r, column c: r calls c). */
export function readPetShopGraph(text: string): ServiceEdge[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0]);
  const edges: ServiceEdge[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    for (let c = 1; c < cells.length; c++) {
      if (Number(cells[c]) > 0 && cells[0] !== header[c]) edges.push({ caller: cells[0], callee: header[c] });
    }
  }
  return edges;
}

export function listScenarios(root: string): string[] {
  return readdirSync(root)
    .filter((d) => existsSync(path.join(root, d, 'graph.csv')))
    .sort();
}

export function loadScenario(root: string, name: string): PetShopScenario {
  const dir = path.join(root, name);
  const edges = readPetShopGraph(readFileSync(path.join(dir, 'graph.csv'), 'utf8'));
  const normalFile = path.join(dir, 'noissue', 'metrics.csv');
  const normal = existsSync(normalFile) ? readPetShopMetrics(readFileSync(normalFile, 'utf8'), normalFile) : null;
  const issues: PetShopIssue[] = [];
  for (const split of ['train', 'test']) {
    const splitDir = path.join(dir, split);
    if (!existsSync(splitDir)) continue;
    const names = readdirSync(splitDir)
      .filter((n) => n.startsWith('issue_'))
      .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
    for (const n of names) {
      const file = path.join(splitDir, n, 'metrics.csv');
      const t = JSON.parse(readFileSync(path.join(splitDir, n, 'target.json'), 'utf8'));
      const { times, series } = readPetShopMetrics(readFileSync(file, 'utf8'), file);
      issues.push({
        id: `${name}/${split}/${n}`,
        split,
        target: { node: t.target.node, metric: t.target.metric, agg: t.target.agg, at: t.target.timestamp * 1000 },
        rootCause: t.root_cause.node,
        times,
        series,
      });
    }
  }
  return { name, edges, normal, issues };
}
