// Builds the small committed subset of the Nezha benchmark (test/fixtures/nezha) from a full copy:
// the listed fault cases and healthy windows with every pod's metric rows over [start − 30 min,
// start + 3 min] (lines copied verbatim), and the fewest whole traces of the first trace file that
// cover every service-to-service edge that file shows (for the call graph).
// Usage: NEZHA_DATA=/path/to/Nezha npx tsx scripts/nezha-fixture.ts [out dir]
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { edgesFromSpans } from '../pkg/analytics/rootcause/service-graph';
import { parseNezhaTime, readTraceCsv, splitCsvLine } from '../bench/rca-public/nezha-data';
import { BASELINE_MS, FAULT_MS } from '../bench/rca-public/nezha-eval';

/** Cases kept: injection times (UTC) as listed in the fault lists, and healthy windows (no fault). */
export const SUBSET: Record<string, { faults: string[]; healthy: string[] }> = {
  '2022-08-22': { faults: ['2022-08-22 04:27:03', '2022-08-22 04:36:03', '2022-08-22 04:44:16'], healthy: ['2022-08-22 09:33:00'] },
  '2023-01-29': { faults: ['2023-01-29 14:49:57'], healthy: [] },
};

function main() {
  const src = process.env.NEZHA_DATA;
  if (!src || !existsSync(path.join(src, 'rca_data'))) throw new Error('set NEZHA_DATA to a copy of the Nezha repository');
  const out = process.argv[2] ?? 'test/fixtures/nezha';
  for (const [day, pick] of Object.entries(SUBSET)) {
    const dir = path.join(src, 'rca_data', day);
    const dst = path.join(out, 'rca_data', day);
    mkdirSync(path.join(dst, 'metric'), { recursive: true });
    mkdirSync(path.join(dst, 'trace'), { recursive: true });
    const list = JSON.parse(readFileSync(path.join(dir, `${day}-fault_list.json`), 'utf8')) as Record<string, Array<{ inject_time: string }>>;
    const kept: typeof list = {};
    for (const [hour, faults] of Object.entries(list)) {
      const f = faults.filter((x) => pick.faults.includes(x.inject_time));
      if (f.length) kept[hour] = f;
    }
    writeFileSync(path.join(dst, `${day}-fault_list.json`), JSON.stringify(kept, null, 4) + '\n');
    writeFileSync(path.join(dst, 'healthy_windows.json'), JSON.stringify(pick.healthy, null, 2) + '\n');
    const ranges = [...pick.faults, ...pick.healthy].map((t) => parseNezhaTime(t)).map((at) => [at - BASELINE_MS, at + FAULT_MS + 60_000]);
    for (const f of readdirSync(path.join(dir, 'metric')).filter((x) => x.endsWith('_metric.csv'))) {
      const lines = readFileSync(path.join(dir, 'metric', f), 'utf8').split(/\r?\n/);
      const keep = lines.slice(1).filter((l) => {
        if (!l) return false;
        const t = parseNezhaTime(splitCsvLine(l)[0]);
        return ranges.some(([a, b]) => t >= a && t <= b);
      });
      writeFileSync(path.join(dst, 'metric', f), [lines[0], ...keep].join('\n') + '\n');
    }
    const traceFile = readdirSync(path.join(dir, 'trace')).filter((x) => x.endsWith('_trace.csv')).sort()[0];
    const text = readFileSync(path.join(dir, 'trace', traceFile), 'utf8');
    const lines = text.split(/\r?\n/);
    const spans = readTraceCsv(text);
    const want = new Set(edgesFromSpans(spans).map((e) => `${e.caller}>${e.callee}`));
    const byTrace = new Map<string, number[]>();
    spans.forEach((s, i) => byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), i]));
    // Greedy: take the trace adding the most missing edges until every edge is covered.
    const chosen: string[] = [];
    const covered = new Set<string>();
    const edgesOf = new Map([...byTrace].map(([id, idx]) => [id, edgesFromSpans(idx.map((i) => spans[i])).map((e) => `${e.caller}>${e.callee}`)]));
    while (covered.size < want.size) {
      let bestId = '';
      let gain = 0;
      for (const [id, es] of edgesOf) {
        const g = es.filter((e) => !covered.has(e)).length;
        if (g > gain) (gain = g), (bestId = id);
      }
      if (!gain) break;
      chosen.push(bestId);
      for (const e of edgesOf.get(bestId)!) covered.add(e);
    }
    const keepIdx = new Set(chosen.flatMap((id) => byTrace.get(id)!));
    const body = lines.slice(1).filter((l, i) => l && keepIdx.has(i));
    writeFileSync(path.join(dst, 'trace', traceFile), [lines[0], ...body].join('\n') + '\n');
  }
  copyFileSync(path.join(src, 'LICENSE'), path.join(out, 'LICENSE'));
}

main();
