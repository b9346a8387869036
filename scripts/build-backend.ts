// Builds the datasource backend for every platform Grafana runs backend plugins on (scripts/backend/
// platforms.ts), packaged as each platform's entry says: a Node single executable application with a V8
// start-up snapshot of pkg/snapshot/main.ts (Node from npm), a Node SEA of the plain esbuild bundle of
// pkg/main.ts (darwin), or that bundle compiled with its bytecode into a Bun executable. Linux gets a shell
// launcher plus the glibc (and, for Node, the C++ runtime) it runs with (musl and glibc hosts); darwin
// executables are signed ad hoc. Then, when the frontend is built too (dist/plugin.json), one zip per
// platform and one with all of them (scripts/backend/archives.ts). Prints every size.
//   BUILD_BACKEND_TARGETS=linux_amd64,linux_arm64   only these platforms (and no archives)
//   BUILD_BACKEND_ARCHIVES=0                        no archives
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { BACKEND_BUNDLE_OPTIONS } from './backend-bundle-options';
import { buildArchives } from './backend/archives';
import { compileBun, hostBun } from './backend/bun';
import { launcherScript } from './backend/launcher';
import { adhocSign } from './backend/macho';
import { bundleSnapshotEntry, compileNodeSea, compilePlainNodeSea } from './backend/node-sea';
import {
  BUN_VERSION,
  EXECUTABLE,
  LINUX_PROGRAM,
  LINUX_RUNTIMES,
  NODE_VERSION,
  PLATFORMS,
  entryName,
  linuxLibs,
  nodeVersionOf,
  platformId,
  type Platform,
} from './backend/platforms';

const root = path.resolve(__dirname, '..');
const work = path.join(root, 'build', 'backend');
const cache = path.join(root, 'build', 'runtimes');
const distDir = path.join(root, 'dist', 'datasource');

function log(msg: string) {
  process.stdout.write(`[build:backend] ${msg}\n`);
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const mbAndMib = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB (${mib(bytes)})`;

async function bundle(): Promise<string> {
  const outfile = path.join(work, 'main.cjs');
  await build({ ...BACKEND_BUNDLE_OPTIONS, entryPoints: [path.join(root, 'pkg', 'main.ts')], outfile });
  return outfile;
}

/**
 * Copies the glibc loader and the libraries the program needs (ldd: libc, libm, libpthread, libdl; Node
 * also libstdc++ and libgcc_s).
 */
function installLinuxRuntime(p: Platform, program: string): number {
  const rt = LINUX_RUNTIMES[p.goarch];
  const libs = linuxLibs(p);
  const dir = path.join(distDir, rt.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sysroot = rt.sysroots.find((d) => [rt.loader, ...libs].every((f) => existsSync(path.join(d, f))));
  if (!sysroot) {
    const pkgs = p.goarch === 'arm64' ? 'libc6-arm64-cross, libstdc++6-arm64-cross' : 'libc6, libstdc++6';
    throw new Error(`no ${p.goarch} ${libs.join(', ')} in ${rt.sysroots.join(' or ')}: install Debian's ${pkgs} (scripts/install-test-deps.sh apt)`);
  }
  for (const file of [rt.loader, ...libs]) {
    const from = path.join(sysroot, file);
    copyFileSync(from, path.join(dir, file));
    chmodSync(path.join(dir, file), file === rt.loader ? 0o755 : 0o644);
  }
  copyFileSync(program, path.join(dir, LINUX_PROGRAM));
  chmodSync(path.join(dir, LINUX_PROGRAM), 0o755);
  writeFileSync(path.join(dir, 'NOTICE'), linuxNotice(p));
  const launcher = path.join(distDir, entryName(p));
  rmSync(launcher, { force: true });
  writeFileSync(launcher, launcherScript(p.goarch), { mode: 0o755 });
  return statSync(program).size + [rt.loader, ...libs].reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

function linuxNotice(p: Platform): string {
  const rt = LINUX_RUNTIMES[p.goarch];
  const cross = p.goarch === 'arm64';
  return [
    p.packaging === 'node-sea'
      ? `${LINUX_PROGRAM}: the LLM Ops backend as a Node.js ${NODE_VERSION} single executable application (Node.js: MIT; its bundled libraries' licenses are in Node's LICENSE file).`
      : `${LINUX_PROGRAM}: the LLM Ops backend compiled with Bun ${BUN_VERSION} (MIT; bundles JavaScriptCore, LGPL-2.1).`,
    `${[rt.loader, ...rt.libs].join(', ')}: the GNU C Library (LGPL-2.1-or-later), unmodified, from Debian 12's`,
    `${cross ? 'libc6-arm64-cross' : 'libc6'} package (glibc 2.36); its source is Debian's glibc source package.`,
    ...(p.packaging === 'node-sea'
      ? [
          `${rt.cxxLibs.join(', ')}: GCC's C++ runtime and support library (GPL-3.0-or-later with the GCC Runtime Library`,
          `Exception 3.1), unmodified, from Debian 12's ${cross ? 'libstdc++6-arm64-cross and libgcc-s1-arm64-cross' : 'libstdc++6 and libgcc-s1'} packages (GCC 12);`,
          "their source is Debian's gcc-12 source package.",
        ]
      : []),
    '',
  ].join('\n');
}

async function main() {
  const started = Date.now();
  mkdirSync(work, { recursive: true });
  mkdirSync(distDir, { recursive: true });
  const only = process.env.BUILD_BACKEND_TARGETS?.split(',').filter(Boolean);
  const targets = PLATFORMS.filter((p) => !only || only.includes(platformId(p)));
  const bunTargets = targets.filter((p) => p.packaging === 'bun');
  const mainFile = targets.some((p) => p.packaging !== 'node-sea') ? await bundle() : undefined;
  if (mainFile) log(`bundle ${path.relative(root, mainFile)}: ${(statSync(mainFile).size / 1024).toFixed(0)} KiB`);
  const snapshotFile = targets.some((p) => p.packaging === 'node-sea') ? await bundleSnapshotEntry(path.join(work, 'snapshot-main.cjs')) : undefined;
  if (snapshotFile) log(`snapshot bundle ${path.relative(root, snapshotFile)}: ${(statSync(snapshotFile).size / 1024).toFixed(0)} KiB`);
  const bun = bunTargets.length ? hostBun(cache, log) : undefined;
  for (const p of targets) {
    const t0 = Date.now();
    const compiled = path.join(work, `${EXECUTABLE}_${platformId(p)}${p.goos === 'windows' ? '.exe' : ''}`);
    if (p.packaging === 'node-sea') await compileNodeSea(cache, p, snapshotFile!, compiled, log);
    else if (p.packaging === 'node-sea-plain') await compilePlainNodeSea(cache, p, mainFile!, compiled, log);
    else compileBun(bun!, cache, p, mainFile!, compiled, { bytecode: true }, log);
    const out = path.join(distDir, entryName(p));
    let size: number;
    if (p.goos === 'linux') {
      size = installLinuxRuntime(p, compiled);
    } else {
      const bytes = p.goos === 'darwin' ? adhocSign(readFileSync(compiled), EXECUTABLE) : readFileSync(compiled);
      rmSync(out, { force: true });
      writeFileSync(out, bytes, { mode: 0o755 });
      size = bytes.length;
    }
    const kind = {
      'node-sea': `Node ${nodeVersionOf(p)} SEA + snapshot`,
      'node-sea-plain': `Node ${nodeVersionOf(p)} SEA, no snapshot`,
      bun: `Bun ${BUN_VERSION} + bytecode`,
    }[p.packaging];
    const what = `${kind}, ${p.goos === 'linux' ? `launcher + ${LINUX_RUNTIMES[p.goarch].dir}/` : p.goos === 'darwin' ? 'signed ad hoc' : 'PE'}`;
    log(`${path.relative(root, out)} (${what}): ${mib(size)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const archives = !only && process.env.BUILD_BACKEND_ARCHIVES !== '0' && existsSync(path.join(root, 'dist', 'plugin.json'));
  if (archives) {
    const t0 = Date.now();
    for (const a of buildArchives(path.join(root, 'dist'), path.join(root, 'build', 'archives'))) {
      const goal = a.limitBytes === undefined ? '' : a.bytes > a.limitBytes ? `, over the ${a.limitBytes / 1e6} MB goal` : `, within the ${a.limitBytes / 1e6} MB goal`;
      log(`${path.relative(root, a.file)}: ${mbAndMib(a.bytes)}${goal}`);
    }
    log(`archives written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    log('archives skipped (only some platforms, BUILD_BACKEND_ARCHIVES=0, or no frontend build in dist/)');
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[build:backend] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
