import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { checkIcons, FLOOR_FIXTURE, loadFixture } from './check-icons';
import { parseIconIndex, readIconList } from './grafana-icon-list';
import { iconNamesInPluginJson, iconNamesInSource } from './icon-usage';

const repoRoot = path.resolve(__dirname, '..', '..');

describe('iconNamesInSource', () => {
  it('finds icon props, Icon/IconButton names, object icons and IconName literals with their lines', () => {
    const src = [
      `<Button icon="plus" onClick={f}>Add</Button>`,
      `<Badge text="x" icon={ok ? 'check' : "exclamation-triangle"} />`,
      `<Icon size="sm" name="external-link-alt" />`,
      `<IconButton tooltip="Remove" name='trash-alt' onClick={g} />`,
      `const page = { title: 'Config', icon: 'cog' };`,
      `const a = 'bell' as IconName; const b: IconName = 'sync'; toIconName('search');`,
      `<Input name="not-an-icon" />`,
    ].join('\n');
    expect(iconNamesInSource(src)).toEqual({
      uses: [
        { name: 'plus', line: 1 },
        { name: 'check', line: 2 },
        { name: 'exclamation-triangle', line: 2 },
        { name: 'external-link-alt', line: 3 },
        { name: 'trash-alt', line: 4 },
        { name: 'cog', line: 5 },
        { name: 'bell', line: 6 },
        { name: 'search', line: 6 },
        { name: 'sync', line: 6 },
      ],
      dynamic: [],
    });
  });

  it('reports an icon prop without a literal as dynamic instead of guessing', () => {
    expect(iconNamesInSource(`<Button icon={props.icon}>x</Button>`)).toEqual({ uses: [], dynamic: [{ name: '{props.icon}', line: 1 }] });
  });

  it('reads icons from plugin.json includes', () => {
    expect(iconNamesInPluginJson({ includes: [{ icon: 'cog' }, {}, { icon: 3 }] })).toEqual(['cog']);
  });
});

describe('parseIconIndex', () => {
  it('reads quoted and bare keys of availableIconsIndex, and fails on other text', () => {
    const text = `const x = 1;\nconst availableIconsIndex = {\n  google: true,\n  "fa fa-spinner": true,\n  "dollar-alt": true\n};\nexport {};`;
    expect(parseIconIndex(text)).toEqual(['dollar-alt', 'fa fa-spinner', 'google']);
    expect(() => parseIconIndex('export const nothing = {};')).toThrow(/availableIconsIndex not found/);
  });
});

describe('icons used by this repository', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('the floor fixture is the 11.6.0 list and lacks icons added later (dollar-alt came in 12.0)', () => {
    const floor = loadFixture(FLOOR_FIXTURE);
    expect(floor.version).toBe('11.6.0');
    expect(floor.names.length).toBeGreaterThan(200);
    expect(floor.names).toContain('credit-card');
    expect(floor.names).not.toContain('dollar-alt');
  });

  it('every icon in src/ exists in the grafanaDependency floor and in the installed @grafana/data', () => {
    const lists = [loadFixture(FLOOR_FIXTURE), readIconList(path.join(repoRoot, 'node_modules', '@grafana', 'data'))];
    const res = checkIcons(repoRoot, lists);
    // The scene pages name few icons themselves (scenes draws its own controls): 10 when written.
    expect(res.checked).toBeGreaterThanOrEqual(10);
    expect(res.problems).toEqual([]);
    expect(res.dynamic).toEqual([]);
  });

  it('catches an icon that the floor lacks, with file and line', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-icons-'));
    dirs.push(root);
    fs.mkdirSync(path.join(root, 'src', 'pages'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'pages', 'Page.tsx'), `\n<LinkButton icon="dollar-alt">Cost</LinkButton>\n`);
    fs.writeFileSync(path.join(root, 'src', 'plugin.json'), JSON.stringify({ includes: [{ type: 'page', icon: 'cog' }] }));
    const res = checkIcons(root, [loadFixture(FLOOR_FIXTURE), { version: 'newer', names: ['dollar-alt', 'cog'] }]);
    expect(res.problems).toEqual([{ file: 'src/pages/Page.tsx', line: 2, name: 'dollar-alt', missingIn: ['11.6.0'] }]);
    expect(res.checked).toBe(2);
  });
});
