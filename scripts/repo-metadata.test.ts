// The repository's own files against Grafana's validator rules that check-dist.ts checks on dist/:
// caught here without a build.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { EXPECTED_PLUGINS } from './check-dist';

const root = path.resolve(__dirname, '..');
const appJson = JSON.parse(fs.readFileSync(path.join(root, 'plugin.json'), 'utf8')) as {
  info: { screenshots: Array<{ name: string; path: string }> };
  includes: Array<{ type: string; path?: string; id?: string }>;
};

describe('repository plugin metadata', () => {
  it('includes every nested plugin by the path the build gives it in dist/, with its type and id', () => {
    for (const p of EXPECTED_PLUGINS.filter((e) => e.dir !== '')) {
      const nested = JSON.parse(fs.readFileSync(path.join(root, 'src', p.dir, 'plugin.json'), 'utf8'));
      expect(appJson.includes).toContainEqual(expect.objectContaining({ type: nested.type, id: nested.id, path: `${p.dir}/plugin.json` }));
    }
  });

  // One image per page keeps the per-platform archives under 40 MB (the PNGs do not deflate): the dark
  // theme, Grafana's default, where both were taken; docs/screenshots/ keeps both for the README.
  it('lists one screenshot per page of docs/screenshots/ (the dark theme where there is one), each named', () => {
    const files = fs.readdirSync(path.join(root, 'docs', 'screenshots')).filter((f) => f.endsWith('.png')).sort();
    expect(files.length).toBeGreaterThan(0);
    const pages = new Map<string, string[]>();
    for (const f of files) {
      const page = f.replace(/(-(dark|light))?\.png$/, '');
      pages.set(page, [...(pages.get(page) ?? []), f]);
    }
    const wanted = [...pages].map(([page, shots]) => [`${page}-dark.png`, `${page}-light.png`, `${page}.png`].find((f) => shots.includes(f))!);
    expect(appJson.info.screenshots.map((s) => s.path).sort()).toEqual(wanted.map((f) => `img/screenshots/${f}`).sort());
    for (const s of appJson.info.screenshots) {
      expect(s.name.trim()).not.toBe('');
    }
  });

  it('has a LICENSE without the Apache template placeholders', () => {
    const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(license).not.toMatch(/\{(yyyy|name of copyright owner)\}/);
    expect(license).toMatch(/Copyright 2026 LLM Ops for Grafana contributors/);
  });
});
