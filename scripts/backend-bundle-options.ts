// The esbuild options of the backend bundle, shared by the build and by the benches that measure code
// "as shipped", so both always bundle the same way.
import path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * The compute worker (pkg/compute/worker-main.ts) bundled on its own: the backend bundle carries it as a
 * string and starts workers from it (`new Worker(source, { eval: true })`), which also works inside a
 * single executable application, where no script file exists to point a Worker at.
 */
function computeWorkerSource(): string {
  const out = buildSync({ ...COMMON, entryPoints: [path.resolve(__dirname, '..', 'pkg', 'compute', 'worker-main.ts')], write: false });
  return out.outputFiles[0]!.text;
}

export const BACKEND_BUNDLE_OPTIONS = {
  ...COMMON,
  define: { LLMOPS_COMPUTE_WORKER_SOURCE: JSON.stringify(computeWorkerSource()) },
} as const satisfies BuildOptions;
