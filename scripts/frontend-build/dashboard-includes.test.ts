import { describe, expect, it } from 'vitest';
import { dashboardInclude, withDashboardIncludes } from './dashboard-includes';

describe('dashboard includes', () => {
  it('uses the dashboard title and uid', () => {
    const inc = dashboardInclude({ fileName: 'gpu-fleet.json', text: JSON.stringify({ title: 'GPU fleet', uid: 'llmops-gpu' }) });
    expect(inc).toEqual({ type: 'dashboard', name: 'GPU fleet', path: 'dashboards/gpu-fleet.json', addToNav: false, uid: 'llmops-gpu' });
  });

  it('falls back to the file name when the title is missing', () => {
    expect(dashboardInclude({ fileName: 'traces.json', text: '{}' }).name).toBe('traces');
  });

  it('names the file in the error for broken JSON', () => {
    expect(() => dashboardInclude({ fileName: 'bad.json', text: '{"title":' })).toThrow(/dashboards\/bad\.json is not valid JSON/);
    expect(() => dashboardInclude({ fileName: 'arr.json', text: '[]' })).toThrow(/dashboards\/arr\.json must hold a dashboard object/);
  });

  it('replaces stale dashboard includes and keeps pages, sorted by file', () => {
    const plugin = {
      id: 'x',
      includes: [
        { type: 'page', name: 'Overview' },
        { type: 'dashboard', name: 'Gone', path: 'dashboards/gone.json' },
      ],
    };
    const out = withDashboardIncludes(plugin, [
      { fileName: 'b.json', text: '{"title":"B"}' },
      { fileName: 'a.json', text: '{"title":"A"}' },
      { fileName: 'README.md', text: '' },
    ]);
    expect(out.includes.map((i) => i.name)).toEqual(['Overview', 'A', 'B']);
    expect(plugin.includes).toHaveLength(2);
  });
});
