/**
 * Checks that every icon name used in src/ (and in plugin.json includes) exists in the icon list of
 * each Grafana version we support: the grafanaDependency floor (committed fixture, CI cannot fetch
 * packages) and the @grafana/data installed in node_modules (the newest we build against). An icon
 * missing from a version renders as nothing there (e.g. `dollar-alt`, new in 12.0). Usage:
 *   npx tsx scripts/icons/check-icons.ts
 * Exits 1 listing each unknown icon with its file, line and the versions that lack it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';

import { readIconList } from './grafana-icon-list';
import { iconNamesInPluginJson, iconNamesInSource } from './icon-usage';

export interface IconList {
  version: string;
  names: string[];
}

export interface IconProblem {
  file: string;
  line: number;
  name: string;
  missingIn: string[];
}

export interface IconCheck {
  checked: number;
  problems: IconProblem[];
  dynamic: Array<{ file: string; line: number; expr: string }>;
}

export const FLOOR_FIXTURE = path.join(__dirname, 'fixtures', 'grafana-data-11.6.0-icons.json');

export function loadFixture(file: string): IconList {
  const { version, names } = JSON.parse(fs.readFileSync(file, 'utf8')) as IconList;
  return { version, names };
}

/** Icon uses of the repository at `root` checked against `lists`. */
export function checkIcons(root: string, lists: IconList[]): IconCheck {
  const sets = lists.map((l) => ({ version: l.version, names: new Set(l.names) }));
  const result: IconCheck = { checked: 0, problems: [], dynamic: [] };
  const record = (file: string, line: number, name: string) => {
    result.checked++;
    const missingIn = sets.filter((s) => !s.names.has(name)).map((s) => s.version);
    if (missingIn.length > 0) {
      result.problems.push({ file, line, name, missingIn });
    }
  };
  const files = globSync('src/**/*.{ts,tsx}', { cwd: root, ignore: ['**/*.test.*', '**/__fixtures__/**', '**/__mocks__/**'] }).sort();
  for (const file of files) {
    const scan = iconNamesInSource(fs.readFileSync(path.join(root, file), 'utf8'));
    scan.uses.forEach((u) => record(file, u.line, u.name));
    scan.dynamic.forEach((d) => result.dynamic.push({ file, line: d.line, expr: d.name }));
  }
  const pluginJsons = globSync('src/**/plugin.json', { cwd: root, ignore: ['**/__fixtures__/**'] }).sort();
  for (const file of pluginJsons) {
    iconNamesInPluginJson(JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))).forEach((name) => record(file, 0, name));
  }
  return result;
}

function main() {
  const root = path.resolve(__dirname, '..', '..');
  const lists = [loadFixture(FLOOR_FIXTURE), readIconList(path.join(root, 'node_modules', '@grafana', 'data'))];
  const res = checkIcons(root, lists);
  for (const d of res.dynamic) {
    console.log(`note: ${d.file}:${d.line}: icon ${d.expr} is not a literal, not checked`);
  }
  if (res.problems.length > 0) {
    console.error(`check-icons: ${res.problems.length} icon(s) missing from a supported Grafana:`);
    for (const p of res.problems) {
      console.error(`  - ${p.file}:${p.line}: "${p.name}" is not in @grafana/data ${p.missingIn.join(', ')}`);
    }
    process.exit(1);
  }
  console.log(`check-icons: ${res.checked} icon uses OK in @grafana/data ${lists.map((l) => l.version).join(' and ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main();
}
