// Builds the datasource backend as Node single executable applications (SEA), one per platform:
//   dist/datasource/gpx_llmops_linux_amd64, dist/datasource/gpx_llmops_linux_arm64
// Steps: esbuild bundle of pkg/main.ts (one CJS file) → SEA blob (no code cache, no snapshot, so the
// blob is platform-independent) → copy of a Node binary for the target, stripped → postject.
// Only the two executables are written in dist/datasource; other files there are left alone.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { BACKEND_BUNDLE_OPTIONS } from './backend-bundle-options';

const root = path.resolve(__dirname, '..');
const work = path.join(root, 'build', 'backend');
const distDir = path.join(root, 'dist', 'datasource');
const nodeCache = path.join(root, 'build', 'node-binaries');
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const EXECUTABLE = 'gpx_llmops';

type Target = { goarch: 'amd64' | 'arm64'; nodeBinary: () => string };

const targets: Target[] = [
  { goarch: 'amd64', nodeBinary: () => hostNodeFor('x64') },
  { goarch: 'arm64', nodeBinary: () => officialNode('arm64') },
];

function log(msg: string) {
  process.stdout.write(`[build:backend] ${msg}\n`);
}

function hostNodeFor(arch: string): string {
  if (process.arch !== arch || process.platform !== 'linux') {
    return officialNode(arch === 'x64' ? 'x64' : 'arm64');
  }
  return process.execPath;
}

/** The official Node binary of the same version, from npm's node-linux-<arch> package (cached in build/). */
function officialNode(arch: 'x64' | 'arm64'): string {
  const version = process.version.slice(1);
  const dir = path.join(nodeCache, `node-linux-${arch}-${version}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  log(`fetching node-linux-${arch}@${version} with npm pack`);
  // npm refuses to *install* a package for another cpu; `npm pack` just downloads the tarball.
  const out = execFileSync('npm', ['pack', `node-linux-${arch}@${version}`, '--pack-destination', dir, '--json'], {
    encoding: 'utf8',
  });
  const tarball = path.join(dir, (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/node']);
  rmSync(tarball);
  if (!existsSync(binary)) throw new Error(`node-linux-${arch}@${version} has no package/bin/node`);
  return binary;
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Strip debug symbols to save space; tries the host strip, then a cross strip for arm64. */
function stripBinary(file: string, goarch: string): void {
  const candidates = goarch === 'arm64' ? ['aarch64-linux-gnu-strip', 'strip'] : ['strip'];
  for (const cmd of candidates) {
    if (!hasCommand(cmd)) continue;
    try {
      execFileSync(cmd, ['--strip-all', file], { stdio: 'pipe' });
      return;
    } catch {
      // This strip does not understand the target's ELF; try the next one.
    }
  }
  log(`note: no strip for ${goarch} available, binary left unstripped`);
}

async function bundle(): Promise<string> {
  const outfile = path.join(work, 'main.cjs');
  await build({ ...BACKEND_BUNDLE_OPTIONS, entryPoints: [path.join(root, 'pkg', 'main.ts')], outfile });
  return outfile;
}

function seaBlob(mainFile: string): string {
  const blob = path.join(work, 'sea-prep.blob');
  const config = path.join(work, 'sea-config.json');
  // useCodeCache/useSnapshot false: the blob holds only source, so one blob serves every architecture.
  writeFileSync(
    config,
    JSON.stringify({
      main: mainFile,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
    })
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
  return blob;
}

async function inject(target: Target, blob: Buffer): Promise<string> {
  const out = path.join(distDir, `${EXECUTABLE}_linux_${target.goarch}`);
  const tmp = `${out}.tmp`;
  copyFileSync(target.nodeBinary(), tmp);
  chmodSync(tmp, 0o755);
  stripBinary(tmp, target.goarch);
  const { inject: postject } = createRequire(__filename)('postject') as {
    inject: (file: string, name: string, data: Buffer, opts: { sentinelFuse: string }) => Promise<void>;
  };
  await postject(tmp, 'NODE_SEA_BLOB', blob, { sentinelFuse: SENTINEL_FUSE });
  chmodSync(tmp, 0o755);
  rmSync(out, { force: true });
  execFileSync('mv', [tmp, out]);
  return out;
}

async function main() {
  const started = Date.now();
  mkdirSync(work, { recursive: true });
  mkdirSync(distDir, { recursive: true });
  const mainFile = await bundle();
  log(`bundle ${path.relative(root, mainFile)}: ${(statSync(mainFile).size / 1024).toFixed(0)} KiB`);
  const blob = readFileSync(seaBlob(mainFile));
  const only = process.env.BUILD_BACKEND_TARGETS?.split(',');
  for (const target of targets) {
    if (only && !only.includes(target.goarch)) continue;
    const out = await inject(target, blob);
    log(`${path.relative(root, out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[build:backend] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
