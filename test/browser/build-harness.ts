/**
 * Bundles the harness shim (real @grafana/*, react, rxjs … registered in SystemJS) with esbuild into
 * .tmp/browser-harness/shim.js. Rebuilt only when its sources or node_modules changed.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const harnessOut = path.join(repoRoot, '.tmp', 'browser-harness');
const sources = path.join(__dirname, 'harness');

function newestMtime(paths: string[]): number {
  return Math.max(...paths.filter((p) => fs.existsSync(p)).map((p) => fs.statSync(p).mtimeMs));
}

export async function buildHarness(): Promise<string> {
  const out = path.join(harnessOut, 'shim.js');
  const inputs = [...fs.readdirSync(sources).map((f) => path.join(sources, f)), path.join(repoRoot, 'node_modules', '.package-lock.json')];
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs > newestMtime(inputs)) {
    return out;
  }
  await build({
    entryPoints: [path.join(sources, 'shim.tsx')],
    outfile: out,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: process.env.HARNESS_MINIFY !== '0',
    sourcemap: false,
    logLevel: 'warning',
    // `define: undefined` stops UMD packages (lodash …) inside the bundle from registering with the
    // SystemJS AMD extra's global define instead of filling module.exports.
    define: { 'process.env.NODE_ENV': '"production"', global: 'window', define: 'undefined' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty', '.css': 'empty' },
  });
  return out;
}

if (require.main === module) {
  const t0 = Date.now();
  buildHarness().then((out) => console.log(`harness bundle ${out} (${Math.round(fs.statSync(out).size / 1024)} KiB) in ${Date.now() - t0} ms`));
}
