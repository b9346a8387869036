/**
 * Loader for the NAB corpus on disk (data CSVs, label windows, published detector results).
 * The only I/O under pkg/analytics; used by tests, the evaluation script and benchmarks, never by the plugin.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelledSeries } from './scorer';

/** Default location of the project's copy of NAB; override with NAB_DIR. */
export function defaultNabDir(): string {
  if (process.env.NAB_DIR) return process.env.NAB_DIR;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../../../shared/data/nab'), '/work/shared/data/nab'];
  return candidates.find((c) => existsSync(path.join(c, 'labels', 'combined_windows.json'))) ?? candidates[1];
}

export interface NabFile extends LabelledSeries {
  /** `category/file.csv`, as used in the label files. */
  name: string;
  timestamps: Float64Array;
  values: Float64Array;
}

/** NAB timestamps look like `2014-04-10 07:15:00` or `2014-04-10 07:15:00.000000`; they are read as UTC. */
export function parseNabTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`NAB: cannot parse timestamp "${text}"`);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}

/** Reads one CSV column pair (timestamp + the named numeric column). */
function readCsvColumn(file: string, column: string): { timestamps: Float64Array; values: Float64Array } {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf(column);
  if (ti < 0 || vi < 0) throw new Error(`NAB: ${file} lacks timestamp/${column} columns`);
  const n = lines.length - 1;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    timestamps[i] = parseNabTimestamp(cells[ti]);
    values[i] = Number(cells[vi]);
  }
  return { timestamps, values };
}

/** All 58 files, sorted by `category/file.csv`, with their windows. */
export function loadNabCorpus(dir = defaultNabDir()): NabFile[] {
  const windowsJson = JSON.parse(readFileSync(path.join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    Array<[string, string]>
  >;
  const names: string[] = [];
  for (const category of readdirSync(path.join(dir, 'data')).sort()) {
    const catDir = path.join(dir, 'data', category);
    if (!existsSync(catDir) || !category.match(/^[a-zA-Z]/) || category.endsWith('.md')) continue;
    for (const f of readdirSync(catDir).sort()) if (f.endsWith('.csv')) names.push(`${category}/${f}`);
  }
  names.sort();
  return names.map((name) => {
    const { timestamps, values } = readCsvColumn(path.join(dir, 'data', name), 'value');
    const windows = (windowsJson[name] ?? []).map(([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as const);
    return { name, timestamps, values, windows };
  });
}

/** Per-row anomaly scores published for `detector`, aligned to `files` (results/<det>/<cat>/<det>_<file>). */
export function loadPublishedScores(
  files: readonly NabFile[],
  detector: string,
  dir = defaultNabDir()
): Float64Array[] {
  return files.map((f) => {
    const [category, file] = f.name.split('/');
    const p = path.join(dir, 'results', detector, category, `${detector}_${file}`);
    const { timestamps, values } = readCsvColumn(p, 'anomaly_score');
    if (timestamps.length !== f.timestamps.length) {
      throw new Error(`NAB: ${p} has ${timestamps.length} rows, data has ${f.timestamps.length}`);
    }
    return values;
  });
}

/** Published final scores (`results/final_results.json`). */
export function loadFinalResults(dir = defaultNabDir()): Record<string, Record<string, number>> {
  return JSON.parse(readFileSync(path.join(dir, 'results', 'final_results.json'), 'utf8'));
}
