// Start → handshake of the backend executable, the packaging choice measured: the previous packaging (Node 20
// SEA, no code cache) against Node SEA with a code cache, Bun without and with bytecode, and the build as
// shipped (dist/: the linux launcher starting Bun-with-bytecode through its own glibc). All are built here
// from the same bundle and started in interleaved rounds through the Grafana test host, so a busy machine
// slows them alike. Wall time is what Grafana waits; CPU time (every thread's, from /proc at the moment
// the handshake line arrives) is steadier on a shared machine. Sizes: the file, and deflated as in a zip.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BACKEND_BUNDLE_OPTIONS } from '../scripts/backend-bundle-options';
import { compileBun, hostBun } from '../scripts/backend/bun';
import { LINUX_PROGRAM, LINUX_RUNTIMES, PLATFORMS } from '../scripts/backend/platforms';
import { buildSea } from '../scripts/backend/sea';
import { zipEntry } from '../scripts/backend/zip';
import { amd64Executable, requireExecutable, startPlugin } from '../test/host';
import type { BenchRow } from './run';
import { median } from './timing';

const ROUNDS = 15;
const root = path.resolve(__dirname, '..');
const work = path.join(root, 'build', 'bench-startup');
const cache = path.join(root, 'build', 'runtimes');

interface Candidate {
  name: string;
  file: string;
  /** Files whose deflated size counts for this candidate (the executable, or launcher + runtime). */
  payload: string[];
  wall: number[];
  cpu: number[];
}

/** CPU time (ms) the process has used so far, summed over its threads. */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1e6;
}

async function measure(c: Candidate): Promise<void> {
  const p = await startPlugin({ executable: c.file });
  c.cpu.push(cpuMs(p.pid));
  c.wall.push(p.handshakeMs);
  await p.close();
}

const deflatedMiB = (files: string[]) => files.reduce((n, f) => n + zipEntry(f, readFileSync(f), 0o755).data.length, 0) / 2 ** 20;

export default async function run(): Promise<BenchRow[]> {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('the start-up bench builds linux x64 executables: run it on linux x64');
  const shipped = requireExecutable(amd64Executable);
  mkdirSync(work, { recursive: true });
  const bundle = path.join(work, 'main.cjs');
  await build({ ...BACKEND_BUNDLE_OPTIONS, entryPoints: [path.join(root, 'pkg', 'main.ts')], outfile: bundle });
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  const linux = PLATFORMS.find((p) => p.goos === 'linux' && p.goarch === 'amd64')!;
  const bun = hostBun(cache, log);
  const out = (n: string) => path.join(work, n);
  await buildSea(bundle, out('sea'), { codeCache: false });
  await buildSea(bundle, out('sea-code-cache'), { codeCache: true });
  compileBun(bun, cache, linux, bundle, out('bun'), { bytecode: false }, log);
  compileBun(bun, cache, linux, bundle, out('bun-bytecode'), { bytecode: true }, log);
  const rt = path.join(path.dirname(shipped), LINUX_RUNTIMES.amd64.dir);
  const candidates: Candidate[] = [
    { name: 'Node 20 SEA, no code cache (the packaging main shipped)', file: out('sea') },
    { name: 'Node 20 SEA + code cache', file: out('sea-code-cache') },
    { name: 'Bun 1.4.5 compiled, no bytecode', file: out('bun') },
    { name: 'Bun 1.4.5 compiled + bytecode', file: out('bun-bytecode') },
    {
      name: 'as shipped: launcher → shipped glibc → Bun + bytecode (dist/)',
      file: shipped,
      payload: [shipped, ...readdirSync(rt).map((f) => path.join(rt, f))],
    },
  ].map((c) => ({ payload: [c.file], ...c, wall: [], cpu: [] }));
  for (const c of candidates) await measure(c); // warm the page cache once
  for (const c of candidates) {
    c.wall.length = 0;
    c.cpu.length = 0;
  }
  for (let r = 0; r < ROUNDS; r++) for (const c of candidates) await measure(c);

  const base = candidates[0]!;
  const rows: BenchRow[] = [];
  for (const c of candidates) {
    rows.push({
      name: `${c.name}: start → handshake, median of ${ROUNDS}`,
      value: median(c.wall),
      unit: 'ms',
      baseline: median(base.wall),
      ratio: median(c.wall) / median(base.wall),
      note: `min ${Math.min(...c.wall).toFixed(0)}`,
    });
    rows.push({
      name: `${c.name}: CPU time to the handshake, median`,
      value: median(c.cpu),
      unit: 'ms',
      baseline: median(base.cpu),
      ratio: median(c.cpu) / median(base.cpu),
    });
  }
  for (const c of [candidates[0]!, candidates[2]!, candidates[4]!]) {
    const bytes = c.payload.reduce((n, f) => n + statSync(f).size, 0) / 2 ** 20;
    rows.push({ name: `${c.name}: size, file(s) / deflated`, value: bytes, unit: 'MiB', note: `deflated ${deflatedMiB(c.payload).toFixed(1)} MiB` });
  }
  const program = path.join(rt, LINUX_PROGRAM);
  rows.push({ name: 'shipped Bun program alone (runtime/linux_amd64/gpx_llmops)', value: statSync(program).size / 2 ** 20, unit: 'MiB' });
  return rows;
}
