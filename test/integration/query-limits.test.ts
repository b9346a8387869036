// Bounded work per query, through the built executable: the `test` query that used to answer 1.6 GB in
// a minute is cut to the caps before anything is generated and answers at once, without holding up a
// one-point query sent with it; PromQL results are cut to the caps before frames are built.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';
import { freePort } from '../support/services';

let plugin: PluginHandle;
let fake: http.Server;
let fakeUrl: string;
const NOW = 1_700_003_600_000;

beforeAll(async () => {
  plugin = await startPlugin();
  // 50 series × 601 points (10 h at a 60 s step), as Prometheus would answer query_range.
  fake = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const t0 = (NOW - 36_000_000) / 1000;
      const result = Array.from({ length: 50 }, (_, s) => ({
        metric: { series: `s${String(s).padStart(2, '0')}` },
        values: Array.from({ length: 601 }, (_, i) => [t0 + i * 60, String(i)]),
      }));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => fake.listen(port, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await plugin?.close();
  fake?.closeAllConnections();
  await new Promise((r) => fake?.close(r));
});

describe('bounded work per query', () => {
  it('test query 1000 series × 100,000 points: a truncated answer, bounded in bytes, others not held up for long', async () => {
    const rss0 = plugin.rssBytes();
    const t0 = performance.now();
    const small = plugin
      .queryData([{ refId: 'ONE', queryType: 'test', model: { seriesCount: 1, points: 1 } }])
      .then(() => performance.now() - t0);
    const raw = await plugin.queryData([
      { refId: 'A', queryType: 'test', model: { seriesCount: 1000, points: 100_000 }, from: NOW - 3_600_000, to: NOW },
      { refId: 'B', queryType: 'test', model: { seriesCount: 1000 }, maxDataPoints: 1e9, intervalMs: 1 },
    ]);
    const ms = performance.now() - t0;
    const oneMs = await small;
    let bytes = 0;
    for (const id of ['A', 'B']) {
      const r = raw.responses[id]!;
      expect(r.status, id).toBe(200);
      expect(r.frames!.length, id).toBe(20); // 2,000,000 points / 100,000 per series
      for (const f of r.frames!) bytes += f.length;
    }
    const rss = (plugin.rssBytes() - rss0) / 1048576;
    console.log(
      `capped test queries: ${ms.toFixed(0)} ms, ${(bytes / 1048576).toFixed(0)} MiB answered, one-point query ${oneMs.toFixed(0)} ms, RSS +${rss.toFixed(0)} MiB`
    );
    // Was 1.6 GB per query and 5–8.7 GB of RSS; now each answer is within the 64 MiB default.
    expect(bytes).toBeLessThan(2 * 64 * 1048576);
    expect(rss).toBeLessThan(1024);
    // Generous hang guards (the uncapped query took 35–75 s); speed itself is for benchmarks.
    expect(ms).toBeLessThan(30_000);
    expect(oneMs).toBeLessThan(30_000);
  });

  it('caps come from the settings; one series larger than the cap is a clear 400', async () => {
    const settings = { uid: 'tight', url: fakeUrl, jsonData: { maxPointsPerQuery: 5000, maxAnswerMB: 1 } };
    const json = await plugin.queryJson(
      [
        { refId: 'T', queryType: 'test', model: { seriesCount: 10, points: 1000 } },
        { refId: 'BIG', queryType: 'test', model: { seriesCount: 1, points: 6000 } },
        {
          refId: 'P',
          queryType: 'promql',
          model: { expr: 'x' },
          from: NOW - 36_000_000,
          to: NOW,
          intervalMs: 60_000,
          maxDataPoints: 1000,
        },
      ],
      { settings }
    );
    expect(json.results.T!.frames!.length).toBe(5);
    expect(json.results.BIG).toMatchObject({ status: 400 });
    expect(json.results.BIG!.error).toMatch(
      /6,000 points in one series exceed the limits of 5,000 points per query \(jsonData\.maxPointsPerQuery\)/
    );
    const p = json.results.P!;
    expect(p.status).toBe(200);
    expect(p.frames!.length).toBe(8); // 5000 / 601 points
    const notices = (p.frames![0]!.schema.meta?.notices ?? []) as Array<{ text: string }>;
    expect(notices.map((n) => n.text).join(' ')).toMatch(
      /Showing 8 of 50 series \(601 points each; limits jsonData\.maxPointsPerQuery = 5000/
    );
  });

  it('invalid cap settings are named', async () => {
    const json = await plugin.queryJson([{ refId: 'P', queryType: 'promql', model: { expr: 'x' } }], {
      settings: { uid: 'bad-caps', url: fakeUrl, jsonData: { maxPointsPerQuery: 10, maxAnswerMB: 0 } },
    });
    expect(json.results.P!.status).toBe(400);
    expect(json.results.P!.error).toMatch(/jsonData\.maxPointsPerQuery.*jsonData\.maxAnswerMB/);
  });
});
