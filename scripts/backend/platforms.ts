// The platforms Grafana runs backend plugins on, and what the build ships for each. Grafana starts
// `<plugin dir>/<executable>_<GOOS>_<GOARCH>` (`.exe` on Windows): pkg/plugins ComposePluginStartCommand.
export const EXECUTABLE = 'gpx_llmops';
export const BUN_VERSION = '1.4.5';

export type Goos = 'linux' | 'darwin' | 'windows';
export type Goarch = 'amd64' | 'arm64';
export type Format = 'sh' | 'elf' | 'macho' | 'pe';

export interface Platform {
  goos: Goos;
  goarch: Goarch;
  /** Bun's --target, and the npm package with that runtime (x64 "baseline": no AVX2 needed). */
  bunTarget: string;
  bunPackage: string;
  /** Path of the runtime inside the npm package. */
  bunBinary: string;
}

export const PLATFORMS: Platform[] = [
  { goos: 'linux', goarch: 'amd64', bunTarget: 'bun-linux-x64-baseline', bunPackage: '@oven/bun-linux-x64-baseline', bunBinary: 'bin/bun' },
  { goos: 'linux', goarch: 'arm64', bunTarget: 'bun-linux-arm64', bunPackage: '@oven/bun-linux-aarch64', bunBinary: 'bin/bun' },
  { goos: 'darwin', goarch: 'amd64', bunTarget: 'bun-darwin-x64-baseline', bunPackage: '@oven/bun-darwin-x64-baseline', bunBinary: 'bin/bun' },
  { goos: 'darwin', goarch: 'arm64', bunTarget: 'bun-darwin-arm64', bunPackage: '@oven/bun-darwin-aarch64', bunBinary: 'bin/bun' },
  { goos: 'windows', goarch: 'amd64', bunTarget: 'bun-windows-x64-baseline', bunPackage: '@oven/bun-windows-x64-baseline', bunBinary: 'bin/bun.exe' },
];

export function platformId(p: Pick<Platform, 'goos' | 'goarch'>): string {
  return `${p.goos}_${p.goarch}`;
}

/** The file Grafana starts, relative to the datasource's folder. */
export function entryName(p: Pick<Platform, 'goos' | 'goarch'>): string {
  return `${EXECUTABLE}_${p.goos}_${p.goarch}${p.goos === 'windows' ? '.exe' : ''}`;
}

/**
 * Linux: the entry is a POSIX shell launcher that starts the Bun executable with the glibc shipped beside
 * it (runtime/linux_<arch>/), so one file runs on glibc hosts (Grafana's -ubuntu images) and on musl hosts
 * (Grafana's default Alpine image) alike, whatever C library the host has.
 */
export interface LinuxRuntime {
  dir: string;
  loader: string;
  /** Where Debian's native or cross packages put these libraries on the build machine (first found wins). */
  sysroots: string[];
  libs: string[];
}

export const LINUX_RUNTIMES: Record<Goarch, LinuxRuntime> = {
  amd64: {
    dir: 'runtime/linux_amd64',
    loader: 'ld-linux-x86-64.so.2',
    sysroots: ['/lib/x86_64-linux-gnu', '/usr/x86_64-linux-gnu/lib'],
    libs: ['libc.so.6', 'libm.so.6', 'libpthread.so.0', 'libdl.so.2'],
  },
  arm64: {
    dir: 'runtime/linux_arm64',
    loader: 'ld-linux-aarch64.so.1',
    sysroots: ['/usr/aarch64-linux-gnu/lib', '/lib/aarch64-linux-gnu'],
    libs: ['libc.so.6', 'libm.so.6', 'libpthread.so.0', 'libdl.so.2'],
  },
};

/** The Bun executable inside a linux runtime folder. */
export const LINUX_PROGRAM = EXECUTABLE;

export function formatOf(p: Pick<Platform, 'goos'>): Format {
  return p.goos === 'linux' ? 'sh' : p.goos === 'darwin' ? 'macho' : 'pe';
}
