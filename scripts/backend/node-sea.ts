// Node single executable applications with a V8 start-up snapshot for the platforms that ship one
// (platforms.ts): the snapshot bundle (pkg/snapshot/main.ts) joined to that platform's Node binary from npm.
// The snapshot must be written by the binary that will load it, so a linux arm64 build runs npm's arm64
// Node under qemu-user to write it (the aarch64 C and C++ libraries from Debian's cross packages), and a
// windows build runs npm's node.exe under Wine (Debian's wine64) in a Wine prefix of its own under build/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { SNAPSHOT_BUNDLE_OPTIONS } from '../backend-bundle-options';
import { npmPackageFile } from './npm-binary';
import { LINUX_RUNTIMES, PLATFORMS, nodeVersionOf, type Platform } from './platforms';
import { buildSea } from './sea';

const root = path.resolve(__dirname, '..', '..');
const QEMU_AARCH64 = 'qemu-aarch64-static';
/** Debian's wine64 package installs its loader here, with no command on PATH. */
export const WINE64 = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((f) => existsSync(f)) ?? '/usr/lib/wine/wine64';
export const WINE_PREFIX_DIR = path.join(root, 'build', 'wine-prefix');
const WINE_PREFIX = WINE_PREFIX_DIR;

/** Bundles pkg/snapshot/main.ts, the entry of every snapshot build. */
export async function bundleSnapshotEntry(outfile: string): Promise<string> {
  await build({ ...SNAPSHOT_BUNDLE_OPTIONS, entryPoints: [path.join(root, 'pkg', 'snapshot', 'main.ts')], outfile });
  return outfile;
}

function hostGoarch(): string {
  return process.arch === 'arm64' ? 'arm64' : 'amd64';
}

interface Tools {
  runner: string[];
  runnerEnv?: Record<string, string>;
  nodePath?: (file: string) => string;
  strip: string | null;
}

/** A Wine prefix that says Windows 10: Node 20 refuses to start on what Wine reports by default. */
function winePrefix(): Record<string, string> {
  const env = { WINEPREFIX: WINE_PREFIX, WINEDEBUG: '-all' };
  if (!existsSync(WINE64)) throw new Error('no Wine to write the windows snapshot with: install Debian\'s wine64 (scripts/install-test-deps.sh apt)');
  if (!existsSync(path.join(WINE_PREFIX, 'system.reg'))) {
    mkdirSync(WINE_PREFIX, { recursive: true });
    execFileSync(WINE64, ['winecfg', '-v', 'win10'], { stdio: 'ignore', env: { ...process.env, ...env } });
  }
  return env;
}

/** How this machine runs `p`'s Node binary, and which strip handles it. */
function toolsFor(p: Platform): Tools {
  if (p.goos === 'windows' && p.goarch === 'amd64' && process.platform === 'linux' && process.arch === 'x64') {
    return { runner: [WINE64], runnerEnv: winePrefix(), nodePath: (f) => `Z:${path.resolve(f).replace(/\//g, '\\')}`, strip: null };
  }
  if (p.goos !== 'linux' || process.platform !== 'linux') {
    throw new Error(`a Node SEA with a start-up snapshot for ${p.goos}/${p.goarch} must be built on that platform; this build runs on ${process.platform}`);
  }
  if (p.goarch === hostGoarch()) return { runner: [], strip: 'strip' };
  if (p.goarch !== 'arm64') throw new Error(`no way to run ${p.goarch} Node binaries on this ${process.arch} machine`);
  const sysroot = LINUX_RUNTIMES.arm64.sysroots.find((d) => existsSync(path.join(d, 'libstdc++.so.6')));
  if (!sysroot) throw new Error('no aarch64 libstdc++: install Debian\'s libstdc++6-arm64-cross (scripts/install-test-deps.sh apt)');
  return { runner: [QEMU_AARCH64, '-L', path.dirname(sysroot)], strip: 'aarch64-linux-gnu-strip' };
}

/** The Node binary of `p`, fetched from npm. */
export function nodeBinary(cacheDir: string, p: Platform, log: (m: string) => void): string {
  if (!p.nodePackage || !p.nodeBinary) throw new Error(`${p.goos}/${p.goarch} has no Node package configured`);
  return npmPackageFile(cacheDir, p.nodePackage, nodeVersionOf(p), p.nodeBinary, log);
}

/** A Node of `version` that runs on this machine: this one, or the npm build for this platform. */
export function hostNode(cacheDir: string, version: string, log: (m: string) => void): string {
  if (process.version === `v${version}`) return process.execPath;
  const goarch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const host = PLATFORMS.find((p) => p.goos === process.platform && p.goarch === goarch && p.nodePackage);
  if (!host) throw new Error(`no Node ${version} package for this ${process.platform}/${process.arch} machine`);
  return nodeBinary(cacheDir, { ...host, nodeVersion: version }, log);
}

/**
 * Builds `outfile`, a Node SEA for `p` of the plain bundle (no snapshot, no code cache: both must be written
 * by `p`'s binary, which cannot run here), the blob written by this machine's Node of the same version.
 * The result is not signed: on darwin the caller signs it (scripts/backend/macho.ts).
 */
export async function compilePlainNodeSea(cacheDir: string, p: Platform, bundle: string, outfile: string, log: (m: string) => void): Promise<void> {
  const node = nodeBinary(cacheDir, p, log);
  const blobWriter = hostNode(cacheDir, nodeVersionOf(p), log);
  await buildSea(bundle, outfile, { codeCache: false, snapshot: false, node, blobWriter, strip: null });
}

/** Builds `outfile`, a Node SEA for `p` whose start-up snapshot holds the evaluated snapshot bundle. */
export async function compileNodeSea(cacheDir: string, p: Platform, snapshotBundle: string, outfile: string, log: (m: string) => void): Promise<void> {
  const node = nodeBinary(cacheDir, p, log);
  await buildSea(snapshotBundle, outfile, { codeCache: false, snapshot: true, node, ...toolsFor(p) });
}
