// Node single executable applications (SEA): a copy of a Node binary (this machine's, or a target's from
// npm) with the preparation blob injected. A blob with a V8 start-up snapshot or a code cache must be written
// by the very Node binary that will run it (same version, architecture and V8 flags): `runner` runs a
// foreign-architecture binary (qemu-user for linux arm64).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface SeaOptions {
  /** V8 code cache of the main script (ignored by Node when `snapshot` is set). */
  codeCache: boolean;
  /** V8 start-up snapshot: `bundle` must be a snapshot entry (pkg/snapshot/main.ts, bundled). */
  snapshot?: boolean;
  /** The Node binary to copy; this machine's by default. */
  node?: string;
  /** Runs `node` on this machine when it is built for another architecture (e.g. qemu-aarch64-static -L …). */
  runner?: string[];
  /** `strip` for the binary's architecture. */
  strip?: string;
}

export async function buildSea(bundle: string, outfile: string, opts: SeaOptions): Promise<void> {
  const node = opts.node ?? process.execPath;
  const blob = `${outfile}.blob`;
  const config = `${outfile}.sea-config.json`;
  writeFileSync(
    config,
    JSON.stringify({
      main: bundle,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: opts.snapshot ?? false,
      useCodeCache: opts.codeCache && !opts.snapshot,
    })
  );
  const [cmd, ...args] = [...(opts.runner ?? []), node, '--experimental-sea-config', config];
  execFileSync(cmd!, args, { stdio: 'pipe' });
  rmSync(outfile, { force: true });
  copyFileSync(node, outfile);
  chmodSync(outfile, 0o755);
  execFileSync(opts.strip ?? 'strip', ['--strip-all', outfile], { stdio: 'pipe' });
  const { inject } = createRequire(__filename)('postject') as {
    inject: (file: string, name: string, data: Buffer, o: { sentinelFuse: string }) => Promise<void>;
  };
  // postject prints LIEF's warnings about the stripped binary's notes to stderr; they are harmless.
  await inject(outfile, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SENTINEL_FUSE });
  rmSync(blob);
  rmSync(config);
}
