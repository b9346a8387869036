// An anomaly query whose range answer is larger than the per-query caps, through the built executable
// on a real Prometheus: the series shown are the most anomalous ones (not the first in Prometheus'
// order), the annotations frame survives and covers the hidden series too, and a notice says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';
import { createBlocksFromOpenMetrics, startPrometheus, type RunningService } from '../support/services';

const STEP_S = 60;
const HOURS = 12;
const SERIES = 30;
/** Series that step up for the last 40 minutes (late in Prometheus' label order, so a cut in order drops them). */
const STEPPED = ['g27', 'g28'];
const END_S = 1_767_823_200; // 2026-01-07 22:00 UTC

let work: string;
let blocks: string;
let prom: RunningService;
let plugin: PluginHandle;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'llmops-anomaly-fit-'));
  const lines = ['# TYPE gpu_busy gauge'];
  const points = (HOURS * 3600) / STEP_S;
  for (let s = 0; s < SERIES; s++) {
    const id = `g${String(s).padStart(2, '0')}`;
    for (let i = 0; i <= points; i++) {
      const t = END_S - (points - i) * STEP_S;
      // A steady level with a deterministic wobble; the stepped series jump ×3 at the end.
      let v = 50 + 5 * Math.sin(i / 7 + s) + ((i * 37 + s * 11) % 13) / 13;
      if (STEPPED.includes(id) && i > points - 40) v *= 3;
      lines.push(`gpu_busy{gpu="${id}"} ${v.toFixed(3)} ${t}`);
    }
  }
  lines.push('# EOF');
  const file = path.join(work, 'busy.om');
  writeFileSync(file, lines.join('\n') + '\n');
  blocks = createBlocksFromOpenMetrics(file);
  prom = await startPrometheus({ tsdbDir: blocks, scrapeInterval: `${STEP_S}s` });
  plugin = await startPlugin({ clockStartMs: END_S * 1000 });
}, 120_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  rmSync(work, { recursive: true, force: true });
  if (blocks) rmSync(blocks, { recursive: true, force: true });
});

describe('anomaly answer larger than the caps', () => {
  it('shows the most anomalous series and keeps every annotation', async () => {
    const to = END_S * 1000;
    const from = to - 2 * 3_600_000; // 121 points per series in the panel range
    // 121 points × 6 value fields ≈ 726 points a series: 5,000 points hold 6 of the 30 series.
    const settings = { uid: 'fit', url: prom.url, jsonData: { timeInterval: `${STEP_S}s`, maxPointsPerQuery: 5000 } };
    const json = await plugin.queryJson(
      [{ refId: 'A', queryType: 'anomaly', model: { source: { queryType: 'promql', expr: 'gpu_busy' }, detector: { seasonality: 'none', history: '10h' } }, from, to, intervalMs: STEP_S * 1000, maxDataPoints: 200 }],
      { settings }
    );
    const r = json.results.A!;
    expect(r.error).toBeUndefined();
    const frames = r.frames ?? [];
    const series = frames.filter((f) => f.schema.meta && (f.schema.meta as { type?: string }).type === 'timeseries-multi');
    const shown = series.map((f) => (f.schema.fields.find((x) => x.name === 'value') as { labels?: Record<string, string> }).labels?.gpu);
    expect(series.length).toBeGreaterThan(0);
    expect(series.length).toBeLessThan(SERIES);
    for (const id of STEPPED) expect(shown).toContain(id);
    const notices = (series[0]!.schema.meta as { notices?: Array<{ text: string }> }).notices ?? [];
    expect(notices.some((n) => n.text.startsWith(`Showing the ${series.length} most anomalous of ${SERIES} series`))).toBe(true);
    const ann = frames.find((f) => f.schema.name === 'anomalies');
    expect(ann).toBeDefined();
    const titles = (ann!.data.values[2] ?? []) as string[];
    for (const id of STEPPED) expect(titles.some((t) => t.includes(`gpu="${id}"`))).toBe(true);
  });
});
