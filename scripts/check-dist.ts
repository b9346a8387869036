/**
 * Checks the built plugin in dist/ for what Grafana's plugin validator checks in metadata (the
 * validator itself needs GitHub or Docker, neither available here). Usage:
 *   npx tsx scripts/check-dist.ts [--frontend-only] [distDir]
 * --frontend-only skips the backend executables (for a frontend-only build) and says so.
 * Exits 1 with a list of problems, 0 when everything holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

import { checkExecutables } from './backend/check-executables';
import { PLATFORMS as BACKEND_PLATFORMS, platformId } from './backend/platforms';
import { relativeLinks, repositoryWebUrl } from './frontend-build/readme-links';

export interface ExpectedPlugin {
  dir: string;
  id: string;
  type: 'app' | 'datasource' | 'panel';
}

export const EXPECTED_PLUGINS: ExpectedPlugin[] = [
  { dir: '', id: 'llmops-observability-app', type: 'app' },
  { dir: 'datasource', id: 'llmops-observability-datasource', type: 'datasource' },
  { dir: 'panels/cost', id: 'llmops-cost-panel', type: 'panel' },
  { dir: 'panels/rootcause', id: 'llmops-rootcause-panel', type: 'panel' },
];

export const PLATFORMS = BACKEND_PLATFORMS.map((p) => platformId(p) + (p.goos === 'windows' ? '.exe' : ''));

/**
 * The lowest Grafana the app's bundled libraries run on, from their peer ranges on @grafana/data
 * (@grafana/scenes 8.19 declares ">=11.6"). A plugin's grafanaDependency may not start below it:
 * Grafana would install the app where its pages cannot load.
 */
export const LIBRARIES_WITH_A_GRAFANA_FLOOR = ['@grafana/scenes'];

export function libraryGrafanaFloor(repoRoot: string): { library: string; version: string } | undefined {
  let floor: { library: string; version: string } | undefined;
  for (const library of LIBRARIES_WITH_A_GRAFANA_FLOOR) {
    const file = path.join(repoRoot, 'node_modules', library, 'package.json');
    if (!fs.existsSync(file)) {
      continue;
    }
    const peer = (JSON.parse(fs.readFileSync(file, 'utf8')) as { peerDependencies?: Record<string, string> }).peerDependencies?.['@grafana/data'];
    const min = peer ? semver.minVersion(peer)?.version : undefined;
    if (min && (!floor || semver.gt(min, floor.version))) {
      floor = { library, version: min };
    }
  }
  return floor;
}

export interface CheckResult {
  problems: string[];
  notes: string[];
}

interface PluginJson {
  id?: unknown;
  type?: unknown;
  name?: unknown;
  backend?: unknown;
  alerting?: unknown;
  executable?: unknown;
  info?: {
    version?: unknown;
    updated?: unknown;
    logos?: { small?: unknown; large?: unknown };
    screenshots?: Array<{ name?: unknown; path?: unknown }>;
  };
  dependencies?: { grafanaDependency?: unknown };
  includes?: Array<{ type?: unknown; name?: unknown; path?: unknown; id?: unknown }>;
}

const PLACEHOLDER = /%(VERSION|TODAY|PLUGIN_ID)%/;
/** The Apache-2.0 appendix template's fields, which the validator rejects when left unfilled. */
const LICENSE_TEMPLATE = /\{(yyyy|name of copyright owner)\}/;

function findPluginJsons(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = path.join(rel, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') {
      out.push(...findPluginJsons(root, r));
    } else if (entry.name === 'plugin.json') {
      out.push(rel);
    }
  }
  return out.sort();
}

function checkPlugin(
  dist: string,
  exp: ExpectedPlugin,
  json: PluginJson,
  all: Map<string, PluginJson>,
  frontendOnly: boolean,
  res: CheckResult,
  grafanaFloor?: { library: string; version: string }
) {
  const where = `${exp.dir || '.'}/plugin.json`;
  const dir = path.join(dist, exp.dir);
  const problem = (msg: string) => res.problems.push(`${where}: ${msg}`);
  if (json.id !== exp.id) {
    problem(`id is ${JSON.stringify(json.id)}, expected "${exp.id}"`);
  }
  if (json.type !== exp.type) {
    problem(`type is ${JSON.stringify(json.type)}, expected "${exp.type}"`);
  }
  if (typeof json.name !== 'string' || !json.name.trim()) {
    problem('name is missing');
  }
  const version = json.info?.version;
  if (typeof version !== 'string' || !semver.valid(version)) {
    problem(`info.version ${JSON.stringify(version)} is not a semver version (was %VERSION% replaced?)`);
  }
  const updated = json.info?.updated;
  if (typeof updated !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(updated)) {
    problem(`info.updated ${JSON.stringify(updated)} is not a YYYY-MM-DD date (was %TODAY% replaced?)`);
  }
  const range = json.dependencies?.grafanaDependency;
  if (typeof range !== 'string' || semver.validRange(range) === null) {
    problem(`dependencies.grafanaDependency ${JSON.stringify(range)} is not a valid semver range`);
  } else if (exp.type === 'app' && grafanaFloor && semver.lt(semver.minVersion(range)!.version, grafanaFloor.version)) {
    problem(`dependencies.grafanaDependency "${range}" starts below Grafana ${grafanaFloor.version}, which ${grafanaFloor.library} (bundled in the app) needs`);
  }
  for (const key of ['small', 'large'] as const) {
    const logo = json.info?.logos?.[key];
    if (typeof logo !== 'string' || !logo) {
      problem(`info.logos.${key} is missing`);
    } else if (!fs.existsSync(path.join(dir, logo))) {
      problem(`info.logos.${key} "${logo}" does not exist in dist`);
    }
  }
  for (const shot of json.info?.screenshots ?? []) {
    if (typeof shot.path !== 'string' || !fs.existsSync(path.join(dir, shot.path))) {
      problem(`screenshot ${JSON.stringify(shot.path)} does not exist in dist`);
    }
    if (typeof shot.name !== 'string' || !shot.name.trim()) {
      problem(`screenshot ${JSON.stringify(shot.path)} has no name`);
    }
  }
  if (exp.type === 'app' && (json.info?.screenshots ?? []).length === 0) {
    problem('info.screenshots is empty (the catalog shows them; docs/screenshots/ has them)');
  }
  if (!fs.existsSync(path.join(dir, 'module.js'))) {
    problem('module.js is missing beside plugin.json');
  }
  for (const inc of json.includes ?? []) {
    if (inc.type === 'dashboard') {
      const file = typeof inc.path === 'string' ? path.join(dir, inc.path) : '';
      if (!file || !fs.existsSync(file)) {
        problem(`include dashboard "${String(inc.name)}" points at missing ${JSON.stringify(inc.path)}`);
      } else {
        try {
          JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch {
          problem(`include dashboard ${String(inc.path)} is not valid JSON`);
        }
      }
    } else if (inc.type === 'datasource' || inc.type === 'panel') {
      const nested = [...all.values()].find((p) => p.type === inc.type && (inc.id === undefined ? p.name === inc.name : p.id === inc.id));
      if (!nested) {
        problem(`include ${String(inc.type)} ${JSON.stringify(inc.id ?? inc.name)} matches no nested plugin`);
      } else if (nested.name !== inc.name) {
        problem(`include ${String(inc.type)} name "${String(inc.name)}" differs from the plugin's name "${String(nested.name)}"`);
      }
    } else if (inc.type === 'page') {
      if (typeof inc.path !== 'string' || !inc.path.startsWith('/')) {
        problem(`include page "${String(inc.name)}" needs an absolute path`);
      }
    }
  }
  if (exp.type === 'datasource') {
    if (json.backend !== true) {
      problem('"backend": true is required (alerting runs on the server)');
    }
    if (json.alerting !== true) {
      problem('"alerting": true is required');
    }
    if (typeof json.executable !== 'string' || !json.executable) {
      problem('"executable" is missing');
    } else if (frontendOnly) {
      res.notes.push(`${where}: skipped backend executables ${PLATFORMS.map((p) => `${json.executable}_${p}`).join(', ')} (--frontend-only)`);
    } else {
      for (const p of checkExecutables(dir, exp.dir, json.executable)) problem(p);
    }
  }
}

/** Grafana's validator: every nested plugin.json is included in the root one by `path`, with its type. */
function checkNestedIncludes(parsed: Map<string, PluginJson>, res: CheckResult) {
  const includes = parsed.get('')?.includes ?? [];
  for (const [rel, nested] of parsed) {
    if (rel === '') {
      continue;
    }
    const key = `${rel}/plugin.json`;
    const inc = includes.find((i) => i.path === key);
    if (!inc) {
      res.problems.push(`./plugin.json: nested plugin ${key} is not included by path (add { "type": ${JSON.stringify(nested.type)}, "path": "${key}" })`);
    } else if (inc.type !== nested.type) {
      res.problems.push(`./plugin.json: include ${key} has type ${JSON.stringify(inc.type)} but the plugin is ${JSON.stringify(nested.type)}`);
    }
  }
}

/**
 * Relative README links break on Grafana's plugin details page. The build rewrites them when package.json
 * has a `repository`; without one they are a known, documented gap (a note), with one they are a problem.
 */
function checkReadmeLinks(readme: string, repository: string | undefined, res: CheckResult) {
  const relative = relativeLinks(readme);
  if (relative.length === 0) {
    return;
  }
  const list = relative.map((l) => `${l.image ? 'image' : 'link'} ${l.target} (line ${l.line})`).join(', ');
  if (repository) {
    res.problems.push(`README.md: relative ${list} not rewritten against ${repository} (rebuild the frontend)`);
  } else {
    res.notes.push(`README.md: known gap, ${relative.length} relative link(s) stay relative until package.json has a "repository": ${list}`);
  }
}

export function checkDist(dist: string, opts: { frontendOnly?: boolean; repository?: string; grafanaFloor?: { library: string; version: string } } = {}): CheckResult {
  const res: CheckResult = { problems: [], notes: [] };
  if (!fs.existsSync(dist)) {
    res.problems.push(`${dist} does not exist: run npm run build:frontend first`);
    return res;
  }
  const found = findPluginJsons(dist);
  const parsed = new Map<string, PluginJson>();
  for (const rel of found) {
    const text = fs.readFileSync(path.join(dist, rel, 'plugin.json'), 'utf8');
    if (PLACEHOLDER.test(text)) {
      res.problems.push(`${rel || '.'}/plugin.json: still contains ${PLACEHOLDER.exec(text)![0]}`);
    }
    try {
      parsed.set(rel, JSON.parse(text) as PluginJson);
    } catch (err) {
      res.problems.push(`${rel || '.'}/plugin.json: invalid JSON (${(err as Error).message})`);
    }
  }
  for (const rel of found) {
    if (!EXPECTED_PLUGINS.some((e) => e.dir === rel)) {
      res.problems.push(`${rel}/plugin.json: unexpected plugin (not in the plugin table)`);
    }
  }
  for (const exp of EXPECTED_PLUGINS) {
    const json = parsed.get(exp.dir);
    if (!json) {
      if (!found.includes(exp.dir)) {
        res.problems.push(`${exp.dir || '.'}/plugin.json: missing (${exp.id})`);
      }
      continue;
    }
    checkPlugin(dist, exp, json, parsed, Boolean(opts.frontendOnly), res, opts.grafanaFloor);
  }
  checkNestedIncludes(parsed, res);
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
    const p = path.join(dist, file);
    if (!fs.existsSync(p)) {
      res.problems.push(`${file} is missing from dist`);
      continue;
    }
    const text = fs.readFileSync(p, 'utf8');
    const placeholder = PLACEHOLDER.exec(text) ?? (file === 'LICENSE' ? LICENSE_TEMPLATE.exec(text) : null);
    if (placeholder) {
      res.problems.push(`${file}: still contains ${placeholder[0]}`);
    }
    if (file === 'README.md') {
      checkReadmeLinks(text, opts.repository, res);
    }
  }
  return res;
}

function main(argv: string[]) {
  const frontendOnly = argv.includes('--frontend-only');
  const dist = path.resolve(argv.find((a) => !a.startsWith('--')) ?? 'dist');
  const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { repository?: unknown };
  const res = checkDist(dist, { frontendOnly, repository: repositoryWebUrl(pkg.repository), grafanaFloor: libraryGrafanaFloor(path.resolve('.')) });
  for (const note of res.notes) {
    console.log(`note: ${note}`);
  }
  if (res.problems.length > 0) {
    console.error(`check-dist: ${res.problems.length} problem(s) in ${dist}:`);
    for (const p of res.problems) {
      console.error(`  - ${p}`);
    }
    process.exit(1);
  }
  console.log(`check-dist: ${dist} OK (${EXPECTED_PLUGINS.length} plugins${frontendOnly ? ', frontend only' : ''})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main(process.argv.slice(2));
}
