// Node single executable applications (SEA) for this machine's platform: the previous packaging of the
// backend, kept so the start-up bench measures it beside Bun in the same run.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export async function buildSea(bundle: string, outfile: string, opts: { codeCache: boolean }): Promise<void> {
  const blob = `${outfile}.blob`;
  const config = `${outfile}.sea-config.json`;
  writeFileSync(
    config,
    JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: opts.codeCache })
  );
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });
  copyFileSync(process.execPath, outfile);
  chmodSync(outfile, 0o755);
  execFileSync('strip', ['--strip-all', outfile], { stdio: 'pipe' });
  const { inject } = createRequire(__filename)('postject') as {
    inject: (file: string, name: string, data: Buffer, o: { sentinelFuse: string }) => Promise<void>;
  };
  await inject(outfile, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SENTINEL_FUSE });
}
