// Loads modules the way the plugin ships them: one esbuild bundle, built with the backend's options
// (scripts/backend-bundle-options.ts). Under tsx every module is compiled on its own and each use of an imported
// function goes through a getter, which changes what V8 inlines; the executable has no such getters.
import { build } from 'esbuild';
import { BACKEND_BUNDLE_OPTIONS } from '../scripts/backend-bundle-options';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** Bundles `exports` (module path relative to the repo root → names) and returns the bundle's exports. */
export async function loadAsShipped<T>(exports: Record<string, string[]>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmops-bench-'));
  const outfile = path.join(dir, 'bundle.cjs');
  const contents = Object.entries(exports)
    .map(([file, names]) => `export { ${names.join(', ')} } from './${file}';`)
    .join('\n');
  try {
    await build({ ...BACKEND_BUNDLE_OPTIONS, stdin: { contents, resolveDir: root, loader: 'ts' }, outfile });
    return createRequire(__filename)(outfile) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
