import { describe, expect, it } from 'vitest';
import { labelTableTransformations, layout, reuse, sharedBarGauge, stat, timeseries } from './panels';
import { signal } from './queries';

const rate = signal('request_rate', 'rate');

describe('layout', () => {
  it('puts a panel marked below under the previous one, and the next line under the taller column', () => {
    const panels = layout([
      {
        title: 'Row',
        panels: [timeseries('Wide', [rate], { w: 18, h: 12 }), stat('Top', [rate], { w: 6, h: 6 }), stat('Under', [rate], { w: 6, h: 8, below: true }), stat('Next', [rate])],
      },
    ]);
    const at = (t: string) => panels.find((p) => p.title === t)!.gridPos;
    expect(at('Under')).toEqual({ x: 18, y: 7, w: 6, h: 8 });
    expect(at('Next')).toMatchObject({ x: 0, y: 15 });
    expect(() => layout([{ title: 'R', panels: [timeseries('A', [rate], { w: 12 }), stat('B', [rate], { w: 6, below: true })] }])).toThrow(/as wide/);
  });

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

describe('labelTableTransformations', () => {
  it('renames each signal column to its legend and puts the label columns first', () => {
    const queries = [signal('request_rate', 'rate', { legendFormat: 'Req/s' }), signal('ttft', 'p95', { legendFormat: 'TTFT p95' })];
    const [, , organize] = labelTableTransformations(queries, ['model', 'engine']) as Array<{ id: string; options: Record<string, unknown> }>;
    expect(organize!.options.renameByName).toEqual({ request_rate: 'Req/s', ttft: 'TTFT p95' });
    expect(organize!.options.indexByName).toEqual({ model: 0, engine: 1, request_rate: 2, ttft: 3 });
    expect(() => labelTableTransformations([...queries, signal('ttft', 'p50', { legendFormat: 'TTFT p50' })], ['model'])).toThrow(/twice/);
  });
});
