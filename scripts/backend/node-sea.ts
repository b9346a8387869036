// Node single executable applications with a V8 start-up snapshot for the platforms that ship one
// (platforms.ts): the snapshot bundle (pkg/snapshot/main.ts) joined to that platform's Node binary from npm.
// The snapshot must be written by the binary that will load it, so a linux arm64 build runs npm's arm64
// Node under qemu-user to write it (the aarch64 C and C++ libraries from Debian's cross packages).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { SNAPSHOT_BUNDLE_OPTIONS } from '../backend-bundle-options';
import { npmPackageFile } from './npm-binary';
import { LINUX_RUNTIMES, NODE_VERSION, type Platform } from './platforms';
import { buildSea } from './sea';

const root = path.resolve(__dirname, '..', '..');
const QEMU_AARCH64 = 'qemu-aarch64-static';

/** Bundles pkg/snapshot/main.ts, the entry of every snapshot build. */
export async function bundleSnapshotEntry(outfile: string): Promise<string> {
  await build({ ...SNAPSHOT_BUNDLE_OPTIONS, entryPoints: [path.join(root, 'pkg', 'snapshot', 'main.ts')], outfile });
  return outfile;
}

function hostGoarch(): string {
  return process.arch === 'arm64' ? 'arm64' : 'amd64';
}

/** How this machine runs `p`'s Node binary, and which strip handles it. */
function toolsFor(p: Platform): { runner: string[]; strip: string } {
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
  return npmPackageFile(cacheDir, p.nodePackage, NODE_VERSION, p.nodeBinary, log);
}

/** Builds `outfile`, a Node SEA for `p` whose start-up snapshot holds the evaluated snapshot bundle. */
export async function compileNodeSea(cacheDir: string, p: Platform, snapshotBundle: string, outfile: string, log: (m: string) => void): Promise<void> {
  const node = nodeBinary(cacheDir, p, log);
  const { runner, strip } = toolsFor(p);
  await buildSea(snapshotBundle, outfile, { codeCache: false, snapshot: true, node, runner, strip });
}
