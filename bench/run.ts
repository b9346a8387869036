// `npm run bench [name…]`: runs every bench/*.bench.ts (or those whose name contains an argument) and
// prints one table. Each bench returns rows; `ratio` compares against a baseline measured in the same
// run, because these machines are shared and absolute times drift.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  note?: string;
}

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (Math.abs(n) >= 1e6) return n.toExponential(3);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  return n.toPrecision(4);
}

async function main() {
  const filters = process.argv.slice(2);
  const names = new Set(readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')));
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    // An argument that is exactly a bench's name runs that bench alone (`incidents` is not `nab-incidents`).
    .filter((f) => filters.length === 0 || filters.some((x) => (names.has(x) ? f === `${x}.bench.ts` : f.includes(x))))
    .sort();
  const rows: Array<BenchRow & { bench: string }> = [];
  let failures = 0;
  for (const file of files) {
    const bench = file.replace(/\.bench\.ts$/, '');
    process.stderr.write(`running ${bench}…\n`);
    try {
      const mod = await import(path.join(__dirname, file));
      const out: BenchRow[] = await mod.default();
      for (const r of out) rows.push({ ...r, bench });
    } catch (e) {
      failures++;
      rows.push({ bench, name: 'FAILED', value: NaN, unit: '', note: (e as Error).message.slice(0, 120) });
    }
  }
  const header = ['bench', 'measure', 'value', 'unit', 'baseline', 'ratio', 'note'];
  const table = rows.map((r) => [r.bench, r.name, fmt(r.value), r.unit, fmt(r.baseline), fmt(r.ratio), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of table) console.log(line(row));
  process.exit(failures ? 1 : 0);
}

main();
