/**
 * Extends create-plugin's managed webpack config (.config/webpack/webpack.config.ts, not edited) for
 * this repository's layout:
 * - the app's plugin.json lives at the repo root (src/plugin.json is a symlink to it, because the
 *   managed config reads src/plugin.json for the plugin id);
 * - entries are discovered like create-plugin does (every plugin.json under src/ with a sibling
 *   module.ts(x)), but only inside src/ (the managed glob also walks node_modules);
 * - top-level dashboards/ is copied to dist/dashboards/ and listed in the app's includes, generated
 *   from the files present;
 * - nested plugins' logos are copied, test fixtures are not;
 * - %VERSION%/%TODAY% are also replaced in CHANGELOG, LICENSE and SVG logos;
 * - README links are made absolute when package.json has a `repository` (see readme-links.ts).
 */
import fs from 'fs';
import path from 'path';
import { glob } from 'glob';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import type { Configuration } from 'webpack';

import baseConfig, { type Env } from './.config/webpack/webpack.config.ts';
import { DIST_DIR, SOURCE_DIR } from './.config/bundler/constants.ts';
import { withDashboardIncludes } from './scripts/frontend-build/dashboard-includes.ts';
import { absolutizeLinks, relativeLinks, repositoryWebUrl } from './scripts/frontend-build/readme-links.ts';

const root = process.cwd();
const srcDir = path.resolve(root, SOURCE_DIR);
const dashboardsDir = path.resolve(root, 'dashboards');
const screenshotsDir = path.resolve(root, 'docs', 'screenshots');

interface PluginMeta {
  info?: { logos?: { small?: string; large?: string }; screenshots?: Array<{ path: string }> };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Plugin directories relative to src/ ('' for the app), each holding plugin.json + module.ts(x). */
async function pluginDirs(): Promise<string[]> {
  const found = await glob('**/plugin.json', { cwd: srcDir, ignore: ['**/node_modules/**', '**/__fixtures__/**'] });
  return found.map((f) => path.dirname(f)).map((d) => (d === '.' ? '' : d)).sort();
}

async function entries(dirs: string[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const dir of dirs) {
    const modules = await glob('module.{ts,tsx,js,jsx}', { cwd: path.join(srcDir, dir), absolute: true });
    if (modules.length > 0) {
      result[dir === '' ? 'module' : `${dir}/module`] = modules[0];
    }
  }
  return result;
}

function dashboardFiles() {
  if (!fs.existsSync(dashboardsDir)) {
    return [];
  }
  return fs
    .readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .map((fileName) => ({ fileName, text: fs.readFileSync(path.join(dashboardsDir, fileName), 'utf8') }));
}

/** Logos and screenshots named in one plugin.json, as copy patterns (paths relative to that plugin's folder). */
function assetPatterns(dir: string) {
  const meta = readJson<PluginMeta>(path.join(srcDir, dir, 'plugin.json'));
  const logos = [meta.info?.logos?.small, meta.info?.logos?.large].filter((p): p is string => Boolean(p));
  const shots = (meta.info?.screenshots ?? []).map((s) => s.path);
  const logoPatterns = Array.from(new Set(logos)).map((p) => ({ from: path.join(dir, p), to: path.join(dir, p) }));
  // Screenshots are produced by the browser tests into docs/screenshots/; plugin.json names them img/screenshots/<file>.
  const shotPatterns = shots.map((p) => {
    const inSrc = path.join(srcDir, dir, p);
    const from = fs.existsSync(inSrc) ? inSrc : path.join(screenshotsDir, path.basename(p));
    return { from, to: path.join(dir, p), noErrorOnMissing: true };
  });
  return [...logoPatterns, ...shotPatterns];
}

/**
 * The shipped README is rendered on Grafana's plugin details page, where relative links break: rewrite
 * them against package.json `repository` when it is set, else warn (a known gap, see README).
 */
function shippedReadme(content: Buffer): string {
  const text = content.toString('utf8');
  const repo = repositoryWebUrl(readJson<{ repository?: unknown }>(path.join(root, 'package.json')).repository);
  if (repo) {
    return absolutizeLinks(text, repo);
  }
  const relative = relativeLinks(text);
  if (relative.length > 0) {
    console.warn(`README.md: ${relative.length} relative link(s) left as they are (package.json has no "repository" to resolve them against)`);
  }
  return text;
}

function copyPatterns(dirs: string[]) {
  const nested = dirs.filter((d) => d !== '');
  return [
    { from: '../README.md', to: '.', force: true, noErrorOnMissing: true, transform: { transformer: shippedReadme, cache: false } },
    {
      from: '../plugin.json',
      to: 'plugin.json',
      force: true,
      transform: {
        transformer: (content: Buffer) =>
          JSON.stringify(withDashboardIncludes(JSON.parse(content.toString('utf8')), dashboardFiles()), null, 2) + '\n',
        cache: false,
      },
    },
    { from: '../LICENSE', to: '.' },
    { from: '../CHANGELOG.md', to: '.', force: true },
    ...nested.map((d) => ({ from: path.join(d, 'plugin.json'), to: path.join(d, 'plugin.json') })),
    ...nested.map((d) => ({ from: path.join(d, 'query_help.md'), to: path.join(d, 'query_help.md'), noErrorOnMissing: true })),
    ...dirs.flatMap(assetPatterns),
    { from: '*.json', context: dashboardsDir, to: 'dashboards/', noErrorOnMissing: true },
  ];
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await baseConfig(env);
  const dirs = await pluginDirs();
  const plugins = (base.plugins ?? []).filter((p) => !(p instanceof CopyWebpackPlugin));
  return {
    ...base,
    // The default cache lives in node_modules/.cache, which git worktrees share through a symlinked
    // node_modules: a copied asset (plugin.json, LICENSE) could then come from another checkout's build.
    cache: base.cache && typeof base.cache === 'object' ? { ...base.cache, cacheDirectory: path.join(root, '.tmp', 'webpack-cache') } : base.cache,
    entry: await entries(dirs),
    plugins: [
      ...plugins,
      new CopyWebpackPlugin({ patterns: copyPatterns(dirs) }),
      new ReplaceInFileWebpackPlugin([
        {
          dir: DIST_DIR,
          test: [/(^|\/)CHANGELOG\.md$/, /(^|\/)LICENSE$/, /\.svg$/],
          rules: [
            { search: /%VERSION%/g, replace: readJson<{ version: string }>(path.join(root, 'package.json')).version },
            { search: /%TODAY%/g, replace: new Date().toISOString().substring(0, 10) },
          ],
        },
      ]),
    ],
  };
};

export default config;
