// `npm test`: builds the plugin, then runs every test suite against the built artefacts and prints
// one summary line ("N passed, N failed"). Set LLMOPS_SKIP_BUILD=1 to reuse an existing dist/.
// Needs the servers from scripts/install-test-deps.sh on PATH (Prometheus, VictoriaMetrics, Jaeger,
// Chromium); `.ci/run` installs them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const reportDir = path.join(root, '.tmp', 'test-reports');
mkdirSync(reportDir, { recursive: true });

interface StepResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  seconds: number;
}

function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { ok: boolean; seconds: number } {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = (Date.now() - started) / 1000;
  const ok = res.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${seconds.toFixed(1)} s`);
  return { ok, seconds };
}

/** A step that is not a test runner counts as one check. */
function check(name: string, cmd: string, args: string[]): StepResult {
  const { ok, seconds } = run(name, cmd, args);
  return { name, ok, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds };
}

function vitest(): StepResult {
  const out = path.join(reportDir, 'vitest.json');
  const { ok, seconds } = run('vitest (unit, frontend, integration)', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  let passed = 0;
  let failed = ok ? 0 : 1;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed = r.numPassedTests ?? 0;
    // A suite that fails to load has no failed tests of its own: count the run as one failure then.
    failed = (r.numFailedTests ?? 0) || (ok ? 0 : 1);
    if ((r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) > 0) {
      console.log(`vitest: ${r.numPendingTests} skipped/${r.numTodoTests} todo tests are NOT counted as passed`);
    }
  }
  return { name: 'vitest', ok, passed, failed, seconds };
}

function playwright(): StepResult | undefined {
  if (!existsSync(path.join(root, 'playwright.config.ts'))) return undefined;
  const out = path.join(reportDir, 'playwright.json');
  const { ok, seconds } = run('browser (playwright + chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  let passed = 0;
  let failed = ok ? 0 : 1;
  if (existsSync(out)) {
    const stats = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
    passed = stats.expected ?? 0;
    failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0) + (ok ? 0 : 1);
  }
  return { name: 'playwright', ok, passed, failed, seconds };
}

const results: StepResult[] = [];
if (process.env.LLMOPS_SKIP_BUILD !== '1') {
  results.push(check('build', 'npm', ['run', 'build']));
}
results.push(check('typecheck backend', 'npx', ['tsc', '-p', 'tsconfig.backend.json', '--noEmit']));
if (existsSync(path.join(root, 'tsconfig.json'))) {
  results.push(check('typecheck frontend', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']));
}
if (existsSync(path.join(root, 'scripts', 'check-dist.ts'))) {
  results.push(check('dist metadata checks', 'npx', ['tsx', 'scripts/check-dist.ts']));
}
results.push(vitest());
const browser = playwright();
if (browser) results.push(browser);

console.log('\n=== summary');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(28)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
