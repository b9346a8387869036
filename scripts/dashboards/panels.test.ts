import { describe, expect, it } from 'vitest';
import { layout, reuse, sharedBarGauge, stat, timeseries } from './panels';
import { signal } from './queries';

const rate = signal('request_rate', 'rate');

describe('layout', () => {
  it("keeps a collapsed row's panels inside it and starts the next row right below it", () => {
    const panels = layout([
      { title: 'Open', panels: [stat('A', [rate])] },
      { title: 'Details', collapsed: true, panels: [timeseries('B', [rate]), timeseries('C', [rate])] },
      { title: 'Next', panels: [stat('D', [rate])] },
    ]);
    expect(panels.map((p) => p.title)).toEqual(['Open', 'A', 'Details', 'Next', 'D']);
    const details = panels[2]!;
    expect(details.collapsed).toBe(true);
    expect(details.panels!.map((p) => [p.title, p.gridPos.y])).toEqual([
      ['B', 6],
      ['C', 6],
    ]);
    expect(panels[3]!.gridPos.y).toBe(6);
  });

  it('points a reusing panel at its source by id, and refuses one that asks something else', () => {
    const panels = layout([
      {
        title: 'Row',
        panels: [
          { ...timeseries('Source', [rate]), key: 'src' },
          reuse(stat('Same', [rate]), 'src'),
          sharedBarGauge('Bars', 'src'),
        ],
      },
    ]);
    const source = panels.find((p) => p.title === 'Source')!;
    for (const t of ['Same', 'Bars']) {
      expect(panels.find((p) => p.title === t)!.targets).toEqual([
        { refId: 'A', datasource: { type: 'datasource', uid: '-- Dashboard --' }, panelId: source.id },
      ]);
    }
    expect(() =>
      layout([
        {
          title: 'Row',
          panels: [
            { ...timeseries('Source', [rate]), key: 'src' },
            reuse(stat('Other', [signal('ttft', 'p95')]), 'src'),
          ],
        },
      ])
    ).toThrow(/asks something else/);
    expect(() => layout([{ title: 'Row', panels: [sharedBarGauge('Bars', 'missing')] }])).toThrow(
      /unknown panel missing/
    );
  });
});

describe('panel ids by title', () => {
  it('finds panels of the generated dashboards, also inside collapsed rows, and refuses unknown titles', async () => {
    const { panelId } = await import('./panel-ids');
    expect(panelId('llmops-serving-overview', 'KV cache (max)')).toBeGreaterThan(0);
    expect(panelId('llmops-serving-overview', 'TTFT heatmap')).toBeGreaterThan(0);
    expect(() => panelId('llmops-serving-overview', 'No such panel')).toThrow(/0 panels/);
  });
});
