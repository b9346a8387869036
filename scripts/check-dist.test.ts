import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { fakeMachO, writeFakeBackend } from './backend/fake-executables';
import { checkDist, EXPECTED_PLUGINS, libraryGrafanaFloor } from './check-dist';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function write(root: string, rel: string, content: string | object, mode?: number) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  if (mode !== undefined) {
    fs.chmodSync(file, mode);
  }
}

/** A dist/ that passes every check; tests then break one thing each. */
function goodDist(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
  dirs.push(root);
  const names: Record<string, string> = { app: 'LLM Ops', datasource: 'LLM Ops', 'llmops-cost-panel': 'LLM cost', 'llmops-rootcause-panel': 'LLM root cause' };
  for (const p of EXPECTED_PLUGINS) {
    const json: Record<string, unknown> = {
      id: p.id,
      type: p.type,
      name: names[p.id] ?? names[p.type],
      info: { version: '0.1.0', updated: '2026-11-27', logos: { small: 'img/logo.svg', large: 'img/logo.svg' } },
      dependencies: { grafanaDependency: '>=11.6.0' },
    };
    if (p.type === 'datasource') {
      Object.assign(json, { backend: true, alerting: true, executable: 'gpx_llmops' });
      writeFakeBackend(path.join(root, p.dir));
    }
    if (p.type === 'app') {
      json.includes = [
        { type: 'page', name: 'Overview', path: '/a/llmops-observability-app/overview' },
        { type: 'datasource', name: 'LLM Ops', id: 'llmops-observability-datasource', path: 'datasource/plugin.json' },
        { type: 'panel', name: 'LLM cost', id: 'llmops-cost-panel', path: 'panels/cost/plugin.json' },
        { type: 'panel', name: 'LLM root cause', id: 'llmops-rootcause-panel', path: 'panels/rootcause/plugin.json' },
        { type: 'dashboard', name: 'GPU fleet', path: 'dashboards/gpu-fleet.json' },
      ];
      (json.info as Record<string, unknown>).screenshots = [{ name: 'Overview', path: 'img/screenshots/overview.png' }];
      write(root, 'img/screenshots/overview.png', 'png');
      write(root, 'dashboards/gpu-fleet.json', { title: 'GPU fleet' });
    }
    write(root, path.join(p.dir, 'plugin.json'), json);
    write(root, path.join(p.dir, 'module.js'), 'define([],function(){})');
    write(root, path.join(p.dir, 'img/logo.svg'), '<svg/>');
  }
  write(root, 'README.md', '# LLM Ops');
  write(root, 'CHANGELOG.md', '## 0.1.0');
  write(root, 'LICENSE', 'Apache');
  return root;
}

function editJson(root: string, rel: string, edit: (j: Record<string, any>) => void) {
  const file = path.join(root, rel);
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(j);
  fs.writeFileSync(file, JSON.stringify(j));
}

describe('checkDist', () => {
  it('accepts a complete dist', () => {
    expect(checkDist(goodDist())).toEqual({ problems: [], notes: [] });
  });

  it('reports a missing dist clearly', () => {
    expect(checkDist('/nonexistent/dist').problems[0]).toMatch(/does not exist: run npm run build:frontend/);
  });

  it('catches unreplaced placeholders, bad versions and ranges, wrong ids', () => {
    const root = goodDist();
    editJson(root, 'plugin.json', (j) => {
      j.info.version = '%VERSION%';
      j.dependencies.grafanaDependency = 'ten or later';
    });
    editJson(root, 'panels/cost/plugin.json', (j) => (j.id = 'cost-panel'));
    const { problems } = checkDist(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        './plugin.json: still contains %VERSION%',
        expect.stringMatching(/info.version "%VERSION%" is not a semver version/),
        expect.stringMatching(/grafanaDependency "ten or later" is not a valid semver range/),
        'panels/cost/plugin.json: id is "cost-panel", expected "llmops-cost-panel"',
        expect.stringMatching(/include panel "llmops-cost-panel" matches no nested plugin/),
      ])
    );
  });

  it('catches a missing LICENSE and placeholders left in README.md', () => {
    const root = goodDist();
    write(root, 'README.md', '# LLM Ops %VERSION%');
    fs.rmSync(path.join(root, 'LICENSE'));
    expect(checkDist(root).problems).toEqual(['README.md: still contains %VERSION%', 'LICENSE is missing from dist']);
  });

  it('catches missing logos, module.js and dashboard files', () => {
    const root = goodDist();
    fs.rmSync(path.join(root, 'panels/rootcause/img/logo.svg'));
    fs.rmSync(path.join(root, 'datasource/module.js'));
    fs.rmSync(path.join(root, 'dashboards/gpu-fleet.json'));
    const { problems } = checkDist(root);
    expect(problems).toEqual([
      './plugin.json: include dashboard "GPU fleet" points at missing "dashboards/gpu-fleet.json"',
      'datasource/plugin.json: module.js is missing beside plugin.json',
      'panels/rootcause/plugin.json: info.logos.small "img/logo.svg" does not exist in dist',
      'panels/rootcause/plugin.json: info.logos.large "img/logo.svg" does not exist in dist',
    ]);
  });

  it('requires backend, alerting and both executables with the exec bit, unless frontend-only', () => {
    const root = goodDist();
    editJson(root, 'datasource/plugin.json', (j) => (j.alerting = false));
    fs.rmSync(path.join(root, 'datasource/gpx_llmops_linux_arm64'));
    fs.chmodSync(path.join(root, 'datasource/gpx_llmops_linux_amd64'), 0o644);
    expect(checkDist(root).problems).toEqual([
      'datasource/plugin.json: "alerting": true is required',
      'datasource/plugin.json: backend executable datasource/gpx_llmops_linux_amd64 is not executable (chmod +x)',
      'datasource/plugin.json: backend executable datasource/gpx_llmops_linux_arm64 is missing (run npm run build:backend)',
    ]);
    const frontendOnly = checkDist(root, { frontendOnly: true });
    expect(frontendOnly.problems).toEqual(['datasource/plugin.json: "alerting": true is required']);
    expect(frontendOnly.notes[0]).toMatch(/skipped backend executables gpx_llmops_linux_amd64, gpx_llmops_linux_arm64/);
  });

  it('checks each platform\'s format, architecture, linux runtime and darwin signature', () => {
    const root = goodDist();
    const ds = (f: string) => path.join(root, 'datasource', f);
    fs.copyFileSync(ds('runtime/linux_amd64/gpx_llmops'), ds('gpx_llmops_darwin_arm64')); // an ELF where a Mach-O belongs
    fs.writeFileSync(ds('gpx_llmops_darwin_amd64'), fakeMachO('arm64')); // an arm64 Mach-O as amd64
    fs.rmSync(ds('runtime/linux_arm64/libc.so.6'));
    fs.chmodSync(ds('runtime/linux_amd64/ld-linux-x86-64.so.2'), 0o644);
    expect(checkDist(root).problems).toEqual([
      'datasource/plugin.json: datasource/runtime/linux_amd64/ld-linux-x86-64.so.2 is not executable (chmod +x)',
      'datasource/plugin.json: datasource/runtime/linux_arm64/libc.so.6 is missing (the arm64 launcher needs it)',
      'datasource/plugin.json: backend executable datasource/gpx_llmops_darwin_amd64 is built for arm64, expected amd64',
      'datasource/plugin.json: backend executable datasource/gpx_llmops_darwin_arm64 is elf, expected macho',
    ]);
  });

  it('rejects a darwin executable whose pages no longer match its signature', () => {
    const root = goodDist();
    const file = path.join(root, 'datasource/gpx_llmops_darwin_arm64');
    const bytes = fs.readFileSync(file);
    bytes[200] ^= 0xff; // inside the load commands, the first hashed page
    fs.writeFileSync(file, bytes);
    expect(checkDist(root).problems).toEqual([
      'datasource/plugin.json: backend executable datasource/gpx_llmops_darwin_arm64: code signature: 1 of 3 pages do not match their hashes',
    ]);
  });

  it('rejects a darwin Node SEA whose fuse was not flipped (it would start as plain Node)', () => {
    const root = goodDist();
    fs.writeFileSync(path.join(root, 'datasource/gpx_llmops_darwin_amd64'), fakeMachO('amd64', { fuse: '0' }));
    expect(checkDist(root).problems).toEqual([
      'datasource/plugin.json: backend executable datasource/gpx_llmops_darwin_amd64: Node SEA: the SEA fuse is not flipped',
    ]);
  });

  it('flags unexpected and missing plugins', () => {
    const root = goodDist();
    fs.rmSync(path.join(root, 'panels/rootcause'), { recursive: true });
    write(root, 'panels/extra/plugin.json', { id: 'x' });
    const { problems } = checkDist(root);
    expect(problems).toContain('panels/extra/plugin.json: unexpected plugin (not in the plugin table)');
    expect(problems).toContain('panels/rootcause/plugin.json: missing (llmops-rootcause-panel)');
  });

  it('requires every nested plugin to be included by path with its type (Grafana validator rule)', () => {
    const root = goodDist();
    editJson(root, 'plugin.json', (j) => {
      j.includes = j.includes.filter((i: { path?: string }) => i.path !== 'panels/rootcause/plugin.json');
      j.includes.find((i: { path?: string }) => i.path === 'datasource/plugin.json').type = 'panel';
    });
    expect(checkDist(root).problems).toEqual([
      expect.stringMatching(/include panel "llmops-observability-datasource" matches no nested plugin/),
      './plugin.json: include datasource/plugin.json has type "panel" but the plugin is "datasource"',
      './plugin.json: nested plugin panels/rootcause/plugin.json is not included by path (add { "type": "panel", "path": "panels/rootcause/plugin.json" })',
    ]);
  });

  it('requires named screenshots in the app that exist in dist', () => {
    const root = goodDist();
    editJson(root, 'plugin.json', (j) => j.info.screenshots.push({ path: 'img/screenshots/missing.png' }));
    expect(checkDist(root).problems).toEqual([
      './plugin.json: screenshot "img/screenshots/missing.png" does not exist in dist',
      './plugin.json: screenshot "img/screenshots/missing.png" has no name',
    ]);
    editJson(root, 'plugin.json', (j) => (j.info.screenshots = []));
    expect(checkDist(root).problems).toEqual([expect.stringMatching(/^\.\/plugin.json: info.screenshots is empty/)]);
  });

  it('rejects the Apache LICENSE template placeholders', () => {
    const root = goodDist();
    write(root, 'LICENSE', 'Apache\n   Copyright {yyyy} {name of copyright owner}\n');
    expect(checkDist(root).problems).toEqual(['LICENSE: still contains {yyyy}']);
  });

  it('reports relative README links as a known gap without a repository, as a problem with one', () => {
    const root = goodDist();
    write(root, 'README.md', '# LLM Ops\n![shot](docs/a.png) [table](docs/t.md) [abs](https://x.example/y)\n');
    const noRepo = checkDist(root);
    expect(noRepo.problems).toEqual([]);
    expect(noRepo.notes).toEqual([
      'README.md: known gap, 2 relative link(s) stay relative until package.json has a "repository": image docs/a.png (line 2), link docs/t.md (line 2)',
    ]);
    const withRepo = checkDist(root, { repository: 'https://github.com/example/llmops' });
    expect(withRepo.problems).toEqual([expect.stringMatching(/^README.md: relative image docs\/a.png \(line 2\), link docs\/t.md \(line 2\) not rewritten/)]);
  });

  it('refuses a grafanaDependency below the Grafana the bundled @grafana/scenes needs', () => {
    const floor = libraryGrafanaFloor(path.resolve(__dirname, '..'));
    expect(floor).toEqual({ library: '@grafana/scenes', version: '11.6.0' });
    const root = goodDist();
    expect(checkDist(root, { frontendOnly: false, grafanaFloor: floor }).problems).toEqual([]);
    editJson(root, 'plugin.json', (j) => (j.dependencies.grafanaDependency = '>=10.4.0'));
    expect(checkDist(root, { grafanaFloor: floor }).problems).toEqual([
      './plugin.json: dependencies.grafanaDependency ">=10.4.0" starts below Grafana 11.6.0, which @grafana/scenes (bundled in the app) needs',
    ]);
  });
});
