/**
 * Bundles the harness shim (real @grafana/*, react, rxjs … registered in SystemJS) with esbuild into
 * .tmp/browser-harness/shim.js. Rebuilt only when its sources or node_modules changed.
 */
import { build, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const harnessOut = path.join(repoRoot, '.tmp', 'browser-harness');
const sources = path.join(__dirname, 'harness');

function newestMtime(paths: string[]): number {
  return Math.max(...paths.filter((p) => fs.existsSync(p)).map((p) => fs.statSync(p).mtimeMs));
}

/**
 * CommonJS packages whose `exports.default` is the component, imported by @grafana/ui's `.mjs` files.
 * esbuild treats `.mjs` importers in Node mode (default = the whole `module.exports`), webpack (what
 * Grafana builds with) takes `exports.default`; this gives the harness webpack's answer.
 */
const CJS_DEFAULT_EXPORTS = ['react-custom-scrollbars-2'];

const cjsDefaultInterop: Plugin = {
  name: 'cjs-default-interop',
  setup(b) {
    const filter = new RegExp(`^(${CJS_DEFAULT_EXPORTS.join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === 'cjs-default' ? undefined : { path: args.path, namespace: 'cjs-default', pluginData: args.resolveDir }));
    b.onLoad({ filter: /.*/, namespace: 'cjs-default' }, (args) => ({
      contents: `import * as m from ${JSON.stringify(require.resolve(args.path, { paths: [repoRoot] }))}; const d = m.default && m.default.default ? m.default.default : m.default; export default d; export * from ${JSON.stringify(require.resolve(args.path, { paths: [repoRoot] }))};`,
      resolveDir: repoRoot,
      loader: 'js',
    }));
  },
};

export async function buildHarness(): Promise<string> {
  const out = path.join(harnessOut, 'shim.js');
  const inputs = [...fs.readdirSync(sources).map((f) => path.join(sources, f)), __filename, path.join(repoRoot, 'node_modules', '.package-lock.json')];
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
    plugins: [cjsDefaultInterop],
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
