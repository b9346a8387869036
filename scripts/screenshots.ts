// `npm run screenshots`: refreshes docs/screenshots/ on purpose. Runs the browser tests (they save their
// screenshots to the ignored .tmp/screenshots/, never to tracked files) and, only if they all pass, copies
// the screenshots into docs/screenshots/. The data is the demo scenario anchored to SCENARIO_END_MS, so the
// pictures change only when the plugin or the simulator does. Run `npm run build` first.
// The dashboards' full-page screenshots (.tmp/screenshots/dashboards/, ~9 MB) are copied into
// docs/screenshots/dashboards/ only with `--dashboards` (`npm run screenshots -- --dashboards`).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOT_DIR } from '../test/browser/screenshots';

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'docs', 'screenshots');

if (!existsSync(path.join(root, 'dist', 'module.js'))) {
  console.error('screenshots: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const withDashboards = process.argv.includes('--dashboards');
const playwrightArgs = process.argv.slice(2).filter((a) => a !== '--dashboards');
rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
const run = spawnSync('npx', ['playwright', 'test', ...playwrightArgs], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`screenshots: the browser tests failed (exit ${run.status ?? run.signal}); docs/screenshots/ left unchanged`);
  process.exit(1);
}
const shots = existsSync(SCREENSHOT_DIR) ? readdirSync(SCREENSHOT_DIR).filter((f) => f.endsWith('.png')).sort() : [];
if (shots.length === 0) {
  console.error(`screenshots: the tests saved no screenshots in ${SCREENSHOT_DIR}`);
  process.exit(1);
}
mkdirSync(target, { recursive: true });
for (const f of shots) copyFileSync(path.join(SCREENSHOT_DIR, f), path.join(target, f));
console.log(`screenshots: copied ${shots.length} files to docs/screenshots/: ${shots.join(', ')}`);

const dashboardDir = path.join(SCREENSHOT_DIR, 'dashboards');
const dashboardShots = existsSync(dashboardDir) ? readdirSync(dashboardDir).filter((f) => f.endsWith('.png')).sort() : [];
if (withDashboards) {
  const dashboardTarget = path.join(target, 'dashboards');
  mkdirSync(dashboardTarget, { recursive: true });
  for (const f of dashboardShots) copyFileSync(path.join(dashboardDir, f), path.join(dashboardTarget, f));
  console.log(`screenshots: copied ${dashboardShots.length} dashboard screenshots to docs/screenshots/dashboards/`);
} else if (dashboardShots.length) {
  console.log(`screenshots: ${dashboardShots.length} dashboard screenshots left in ${dashboardDir} (--dashboards copies them into docs/screenshots/dashboards/)`);
}
