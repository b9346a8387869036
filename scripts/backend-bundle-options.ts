// The esbuild options of the backend bundle, shared by the build and by the benches that measure code
// "as shipped", so both always bundle the same way.
import type { BuildOptions } from 'esbuild';

export const BACKEND_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;
