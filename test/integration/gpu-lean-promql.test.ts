// With one GPU exporter, per-GPU signal PromQL leaves out the cross-exporter identity keys and the
// renames and drops of source spellings the outer aggregation drops anyway (Prometheus 2.x copies a
// label set per series per step for each). This checks, on a real Prometheus holding the simulator's
// small fleet (DCGM with both hostname spellings, exported_pod, the exporter's own pods), that both
// forms give the same series and values (to the last bits of a sum over GPUs) for every GPU signal,
// aggregation and grouping the product uses.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignal, type Availability } from '../../pkg/signals/build';
import { SIGNALS } from '../../pkg/signals/catalog';
import { FleetDetector } from '../../pkg/signals/detect';
import { createUpstreams } from '../../pkg/upstream';
import { parseSettings } from '../../pkg/datasource/settings';
import { SCENARIO_END_MS, writeBackfill } from '../../simulator/src';
import { startPrometheus, type RunningService } from '../support/services';

let work: string;
let prom: RunningService;
let available: Availability;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'llmops-gpu-lean-'));
  await writeBackfill({ fleet: 'small', duration: '1h', seed: 5, out: path.join(work, 'tsdb'), format: 'tsdb', end: SCENARIO_END_MS, sensitive: 0 });
  prom = await startPrometheus({ tsdbDir: path.join(work, 'tsdb'), scrapeInterval: '15s' });
  const parsed = parseSettings({ uid: 'lean', name: 'lean', url: prom.url, jsonData: { timeInterval: '15s' } } as never);
  if (!parsed.ok) throw new Error(parsed.errors.join(' '));
  const up = createUpstreams(parsed.settings);
  available = await new FleetDetector(up.prometheus, 60_000, () => SCENARIO_END_MS).get();
}, 300_000);

afterAll(async () => {
  await prom?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function rangeQuery(expr: string): Promise<Map<string, Array<[number, string]>>> {
  const body = new URLSearchParams({ query: expr, start: String((SCENARIO_END_MS - 3_600_000) / 1000), end: String(SCENARIO_END_MS / 1000), step: '60' });
  const res = (await (await fetch(`${prom.url}/api/v1/query_range`, { method: 'POST', body })).json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
  };
  if (res.status !== 'success') throw new Error(`${res.error}: ${expr}`);
  const sorted = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));
  return new Map(res.data.result.map((r) => [sorted(r.metric), r.values]));
}

const GROUPINGS = [[], ['gpu_model'], ['hostname', 'gpu', 'gpu_model', 'pod'], ['hostname', 'gpu', 'pod'], ['namespace'], ['pod', 'namespace']];

describe('per-GPU PromQL with one exporter (real Prometheus, simulator fleet)', () => {
  it('answers as the general form for every GPU signal, aggregation and grouping', async () => {
    expect([...available.families]).toContain('dcgm');
    let compared = 0;
    let nonEmpty = 0;
    for (const def of SIGNALS.filter((s) => s.domain === 'gpu')) {
      for (const aggregation of def.aggregations) {
        for (const groupBy of GROUPINGS) {
          const req = { def, aggregation, groupBy, rateWindow: '2m', available };
          const lean = buildSignal(req).expr;
          const general = buildSignal({ ...req, leanSingleExporter: false }).expr;
          if (!lean || !general) continue;
          const [a, b] = await Promise.all([rangeQuery(lean), rangeQuery(general)]);
          const what = `${def.id} ${aggregation} by ${groupBy.join(',')}`;
          expect([...a.keys()], what).toEqual([...b.keys()]);
          for (const [k, va] of a) {
            const vb = b.get(k)!;
            expect(va.map((p) => p[0]), what).toEqual(vb.map((p) => p[0]));
            // Same numbers up to the last bits: Prometheus sums in series order, and the series differ in
            // labels that are dropped later (a fleet average of 0.755 may come out as 0.7550000000000001).
            va.forEach((p, i) => {
              const [x, y] = [Number(p[1]), Number(vb[i]![1])];
              if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) expect(Math.abs(x - y), `${what}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(x), Math.abs(y)));
            });
          }
          compared++;
          if (a.size) nonEmpty++;
          if (lean !== general) expect(lean.length).toBeLessThan(general.length);
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(nonEmpty).toBeGreaterThan(20);
  }, 300_000);
});
