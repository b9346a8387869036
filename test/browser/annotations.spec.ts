import { expect, test } from '@playwright/test';

import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import { openHarness } from './open-harness';

/** An anomaly query that finds more than one window in the demo scenario's 6 h of history. */
const ANOMALY = {
  refId: 'Anno',
  queryType: 'anomaly',
  source: { queryType: 'signal', signal: 'e2e_latency', aggregation: 'p95', groupBy: ['instance'] },
  detector: { sensitivity: 0.8 },
};

interface JsonFrame {
  schema: { name?: string; meta?: { dataTopic?: string }; fields: Array<{ name: string }> };
  data: { values: unknown[][] };
}

test('anomaly annotations: one event per window of the backend annotations frame (time, timeEnd, text)', async ({ page, request }) => {
  const to = SCENARIO_END_MS;
  const from = to - 6 * 3600_000;

  // The same query straight to /api/ds/query: the backend's annotations frame is the reference.
  const res = await request.post(`${process.env.HARNESS_URL}/api/ds/query`, {
    data: { from: String(from), to: String(to), queries: [{ ...ANOMALY, intervalMs: 60_000, maxDataPoints: 300 }] },
  });
  expect(res.status()).toBe(200);
  const frames = ((await res.json()) as { results: Record<string, { frames: JsonFrame[] }> }).results.Anno!.frames;
  const annoFrames = frames.filter((f) => f.schema.meta?.dataTopic === 'annotations');
  expect(annoFrames).toHaveLength(1);
  const col = (name: string) => annoFrames[0]!.data.values[annoFrames[0]!.schema.fields.findIndex((f) => f.name === name)]!;
  const windows = col('time').map((time, i) => ({ time: Number(time), timeEnd: Number(col('timeEnd')[i]), text: String(col('text')[i]) }));
  expect(windows.length).toBeGreaterThanOrEqual(1);
  // The anomaly query also returns the scored series (value, band, score, flag) next to the windows.
  expect(frames.length).toBeGreaterThan(1);

  // Grafana's path: annotation support (prepareAnnotation, query, processEvents) in the browser.
  const h = await openHarness(page, 'dark');
  const run = await page.evaluate(([q, f, t]) => (window as any).llmops.runAnnotations(q, f, t), [ANOMALY, from, to] as const);
  expect(run.frames.filter((f: { dataTopic?: string }) => f.dataTopic === 'annotations')).toHaveLength(1);
  const events = (run.events as Array<{ time: number; timeEnd: number; text: string; isRegion: boolean }>).slice().sort((a, b) => a.time - b.time || a.timeEnd - b.timeEnd);
  // Exactly one region per window: a window drawn twice (from the annotations frame and again from the flag runs) fails here.
  expect(events.map(({ time, timeEnd, text }) => ({ time, timeEnd, text }))).toEqual(windows);
  expect(events.every((e) => e.isRegion)).toBe(true);
  expect(h.errors).toEqual([]);
});
