// The esbuild options of the backend bundle, shared by the build and by the benches that measure code
// "as shipped", so both always bundle the same way.
import http2 from 'node:http2';
import path from 'node:path';
import { buildSync, type BuildOptions, type Plugin } from 'esbuild';

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

const LAZY_BUILTINS_MODULE = path.resolve(__dirname, '..', 'pkg', 'snapshot', 'lazy-builtins.ts');
const LAZY = /^(node:)?(http|http2|https|tls|worker_threads)$/;

/** Replaces the builtins Node 20 cannot snapshot with stand-ins that load them on first use (pkg/snapshot/). */
const lazyBuiltinsPlugin: Plugin = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: LAZY }, (args) =>
      args.importer === LAZY_BUILTINS_MODULE ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      // One getter per property of this Node's module, so importing it (esbuild's __toESM) loads nothing.
      contents: [
        `const get = require(${JSON.stringify(LAZY_BUILTINS_MODULE)}).lazyBuiltinGetter(${JSON.stringify(args.path)});`,
        `for (const key of ${JSON.stringify(Object.keys(require(`node:${args.path}`) as object))})`,
        '  Object.defineProperty(module.exports, key, { enumerable: true, get: () => get(key) });',
      ].join('\n'),
      loader: 'js',
      resolveDir: path.dirname(LAZY_BUILTINS_MODULE),
    }));
  },
};

/**
 * The bundle of a Node single executable application with a start-up snapshot: pkg/snapshot/main.ts as its
 * entry, and the builtins Node 20 cannot snapshot loaded lazily. `LLMOPS_HTTP2_CONSTANTS` is this Node's
 * http2.constants: the SEA is made from the same Node version as the one running the build (scripts/backend/sea.ts).
 */
export const SNAPSHOT_BUNDLE_OPTIONS = {
  ...COMMON,
  define: {
    LLMOPS_COMPUTE_WORKER_SOURCE: JSON.stringify(computeWorkerSource()),
    LLMOPS_HTTP2_CONSTANTS: JSON.stringify(http2.constants),
  },
  plugins: [lazyBuiltinsPlugin],
} as const satisfies BuildOptions;
