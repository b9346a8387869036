// Which of the backend's own modules (pkg/…) and which packages a start of the plain bundle (darwin's
// packaging: no snapshot) evaluates before the handshake line. Bundles pkg/main.ts with the build's options
// plus a plugin that makes each module record itself when it is evaluated, runs it with this Node under
// Grafana's environment, and stops it when it writes the handshake. Used by test/protocol/start-path.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { BACKEND_BUNDLE_OPTIONS } from '../backend-bundle-options';

const root = path.resolve(__dirname, '..', '..');

/** The module's name as the trace reports it: pkg/… for ours, the package name for a dependency. */
export function moduleName(file: string): string {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const pkgMatch = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file.split(path.sep).join('/'));
  return pkgMatch ? pkgMatch[1]! : rel;
}

const RECORD = '__llmopsEvaluated';

/**
 * Appends `globalThis.__llmopsEvaluated.push(<name>)` to every module: it runs when the module's body has
 * run (esbuild evaluates a bundled module on its first import or require, and then only). Appended, not
 * prepended, so a CommonJS file's "use strict" stays its first statement.
 */
const recordPlugin: Plugin = {
  name: 'record-evaluation',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs|cjs|js)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const loader = args.path.endsWith('.ts') ? 'ts' : 'js';
      return { contents: `${text}\n;(globalThis.${RECORD} ??= []).push(${JSON.stringify(moduleName(args.path))});\n`, loader };
    });
  },
};

// Runs before the bundle: stops the process when the handshake line is written and prints what ran.
const STOP_AT_HANDSHAKE = `
const fs = require('node:fs');
const writeSync = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  const n = writeSync.call(fs, fd, data, ...rest);
  if (fd === 1 && String(data).endsWith('|grpc\\n')) {
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    writeSync.call(fs, 2, '\\n' + JSON.stringify({ evaluated: [...new Set(globalThis.${RECORD} ?? [])], builtins }) + '\\n');
    process.exit(0);
  }
  return n;
};
`;

export interface StartPathTrace {
  /** Our modules (pkg/…) and packages evaluated before the handshake, in first-evaluation order. */
  evaluated: string[];
  /** Node builtins loaded by then. */
  builtins: string[];
}

/** Traces a start of `entry` (pkg/main.ts by default), bundled in `workDir`. */
export async function traceStartPath(workDir: string, entry = path.join(root, 'pkg', 'main.ts')): Promise<StartPathTrace> {
  mkdirSync(workDir, { recursive: true });
  const bundle = path.join(workDir, 'traced-main.cjs');
  const preload = path.join(workDir, 'stop-at-handshake.cjs');
  await build({ ...BACKEND_BUNDLE_OPTIONS, plugins: [recordPlugin], entryPoints: [entry], outfile: bundle });
  writeFileSync(preload, STOP_AT_HANDSHAKE);
  const run = spawnSync(process.execPath, ['--require', preload, bundle], {
    env: { ...process.env, grafana_plugin_type: 'datasource', PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_PROTOCOL_VERSIONS: '2', GF_VERSION: '12.4.2' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('{"evaluated"'));
  if (run.status !== 0 || !line) throw new Error(`the traced bundle did not reach the handshake (status ${run.status}):\n${run.stderr}`);
  return JSON.parse(line) as StartPathTrace;
}

if (require.main === module) {
  void traceStartPath(path.join(root, 'build', 'start-path'), process.argv[2] && path.resolve(process.argv[2])).then((t) => process.stdout.write(JSON.stringify(t, null, 1) + '\n'));
}
