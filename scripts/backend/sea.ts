// Node single executable applications (SEA): a copy of a Node binary (this machine's, or a target's from
// npm) with the preparation blob injected. A blob with a V8 start-up snapshot or a code cache must be written
// by the very Node binary that will run it (same version, architecture and V8 flags): `runner` runs a
// foreign-architecture binary (qemu-user for linux arm64). A plain blob (script only) can be written by
// any Node of the same version (`blobWriter`: how darwin's are made here).
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { removeAuthenticode } from './pe';
import { MACHO_SEA_SEGMENT, SEA_SENTINEL_FUSE } from './sea-resource';

export interface SeaOptions {
  /** V8 code cache of the main script (ignored by Node when `snapshot` is set). */
  codeCache: boolean;
  /** V8 start-up snapshot: `bundle` must be a snapshot entry (pkg/snapshot/main.ts, bundled). */
  snapshot?: boolean;
  /** The Node binary to copy; this machine's by default. */
  node?: string;
  /**
   * The Node that writes the blob, when `node` cannot run here (darwin): same version as `node`, which is
   * enough for a blob with neither snapshot nor code cache (it holds only the script and flags).
   */
  blobWriter?: string;
  /** Runs `node` on this machine when it is built for another architecture (e.g. qemu-aarch64-static -L …). */
  runner?: string[];
  /** Environment for the runner (e.g. WINEPREFIX). */
  runnerEnv?: Record<string, string>;
  /** How `node` names a path of this machine (Wine: Z:\…); unchanged by default. */
  nodePath?: (file: string) => string;
  /** `strip` for the binary's architecture; null for none (Windows' node.exe carries no symbols). */
  strip?: string | null;
}

export async function buildSea(bundle: string, outfile: string, opts: SeaOptions): Promise<void> {
  const node = opts.node ?? process.execPath;
  const blob = `${outfile}.blob`;
  const config = `${outfile}.sea-config.json`;
  const nodePath = opts.nodePath ?? ((f: string) => f);
  writeFileSync(
    config,
    JSON.stringify({
      main: nodePath(bundle),
      output: nodePath(blob),
      disableExperimentalSEAWarning: true,
      useSnapshot: opts.snapshot ?? false,
      useCodeCache: opts.codeCache && !opts.snapshot,
    })
  );
  if (opts.blobWriter && (opts.snapshot || opts.codeCache)) throw new Error('a snapshot or code cache must be written by the binary that runs it');
  const [cmd, ...args] = [...(opts.runner ?? []), opts.blobWriter ?? node, '--experimental-sea-config', nodePath(config)];
  // Output to a file, not a pipe: Node under Wine cannot open a pipe as its stdout/stderr (EBADF).
  const logFile = `${outfile}.sea-log.txt`;
  const fd = openSync(logFile, 'w');
  try {
    execFileSync(cmd!, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...opts.runnerEnv } });
  } catch (err) {
    throw new Error(`${[cmd, ...args].join(' ')} failed: ${(err as Error).message}\n${readFileSync(logFile, 'utf8')}`);
  } finally {
    closeSync(fd);
  }
  rmSync(logFile);
  rmSync(outfile, { force: true });
  const binary = readFileSync(node);
  if (binary.toString('latin1', 0, 2) === 'MZ') writeFileSync(outfile, removeAuthenticode(binary));
  else copyFileSync(node, outfile);
  chmodSync(outfile, 0o755);
  if (opts.strip !== null) execFileSync(opts.strip ?? 'strip', ['--strip-all', outfile], { stdio: 'pipe' });
  await injectSeaBlob(outfile, readFileSync(blob));
  rmSync(blob);
  rmSync(config);
}

/** Injects a preparation blob into `file`, a copy of a Node binary (ELF, PE or Mach-O), and flips the fuse. */
export async function injectSeaBlob(file: string, blob: Buffer): Promise<void> {
  const { inject } = createRequire(__filename)('postject') as {
    inject: (file: string, name: string, data: Buffer, o: { sentinelFuse: string; machoSegmentName: string }) => Promise<void>;
  };
  // postject prints LIEF's warnings about the stripped binary's notes to stderr; they are harmless. On
  // Mach-O it adds the segment Node looks the blob up in, and drops Node's signature (scripts/backend/macho.ts).
  await inject(file, 'NODE_SEA_BLOB', blob, { sentinelFuse: SEA_SENTINEL_FUSE, machoSegmentName: MACHO_SEA_SEGMENT });
}
