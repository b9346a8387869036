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

  it('lists every screenshot in docs/screenshots/ (shipped as img/screenshots/), each named', () => {
    const files = fs.readdirSync(path.join(root, 'docs', 'screenshots')).filter((f) => f.endsWith('.png')).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(appJson.info.screenshots.map((s) => s.path).sort()).toEqual(files.map((f) => `img/screenshots/${f}`));
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
