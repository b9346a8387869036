// Bun compiled executables: the bundle plus its bytecode (built once, on this machine) joined to the
// Bun runtime of the target platform. No platform ships it now (darwin did until its runtime alone made the
// zip too large: see platforms.ts); bench/startup.bench.ts still measures it against the others.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { npmPackageFile } from './npm-binary';
import { BUN_VERSION, PLATFORMS, type Platform } from './platforms';

/** The Bun that runs the build: the runtime package of this machine's platform. */
export function hostBun(cacheDir: string, log: (m: string) => void): string {
  const goarch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const host = PLATFORMS.find((p) => p.goos === process.platform && p.goarch === goarch);
  if (!host) throw new Error(`building the backend on ${process.platform}/${process.arch} is not supported`);
  return npmPackageFile(cacheDir, host.bunPackage, BUN_VERSION, host.bunBinary, log);
}

export interface CompileOptions {
  bytecode: boolean;
}

/** Compiles `bundle` (one CommonJS file) into a standalone executable for `p`. */
export function compileBun(
  bun: string,
  cacheDir: string,
  p: Platform,
  bundle: string,
  outfile: string,
  opts: CompileOptions,
  log: (m: string) => void
): void {
  const runtime = npmPackageFile(cacheDir, p.bunPackage, BUN_VERSION, p.bunBinary, log);
  execFileSync(
    bun,
    [
      'build',
      '--compile',
      `--target=${p.bunTarget}`,
      `--compile-executable-path=${runtime}`,
      ...(opts.bytecode ? ['--bytecode'] : []),
      '--format=cjs',
      // Grafana starts plugins in its own working directory: never read .env or bunfig.toml from there.
      '--no-compile-autoload-dotenv',
      '--no-compile-autoload-bunfig',
      bundle,
      '--outfile',
      outfile,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.dirname(bundle) }
  );
}
