// Backend runtime benchmark: executable start → handshake, Arrow frame encoding against JSON.stringify
// of the same data (measured in the same run), and a QueryData round trip for a trivial query.
import { encodeFrame } from '../pkg/grafana/arrow';
import type { Frame } from '../pkg/grafana/frame';
import { startPlugin } from '../test/host';
import type { BenchRow } from './run';
import { median } from './timing';

function seriesFrames(series: number, points: number): Frame[] {
  const t0 = 1_700_000_000_000;
  const times = Array.from({ length: points }, (_, i) => t0 + i * 15_000);
  return Array.from({ length: series }, (_, s) => ({
    name: `s${s}`,
    meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
    fields: [
      { name: 'time', type: 'time', values: times },
      {
        name: 'value',
        type: 'number',
        values: times.map((t, i) => Math.sin(i / 10 + s) * 100 + (t % 7)),
        labels: { series: `s${s}` },
      },
    ],
  }));
}

/** Median wall time (ms) of `runs` calls. */
function medianOf(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export default async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // 1. start → handshake, median of 10 fresh processes.
  const handshakes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const p = await startPlugin();
    handshakes.push(p.handshakeMs);
    await p.close();
  }
  rows.push({ name: 'executable start → handshake (median of 10)', value: median(handshakes), unit: 'ms' });

  // 2. encoding throughput: 500 series × 1000 points, Arrow IPC vs JSON.stringify of the same frames.
  const frames = seriesFrames(500, 1000);
  const points = 500 * 1000;
  let bytes = 0;
  const arrowMs = medianOf(5, () => {
    bytes = 0;
    for (const f of frames) bytes += encodeFrame(f).byteLength;
  });
  let jsonBytes = 0;
  const jsonMs = medianOf(5, () => {
    jsonBytes = 0;
    for (const f of frames) jsonBytes += JSON.stringify(f).length;
  });
  const arrowRate = points / (arrowMs / 1000);
  const jsonRate = points / (jsonMs / 1000);
  rows.push({
    name: `frame encoding 500×1000 points, Arrow IPC (${(bytes / 2 ** 20).toFixed(1)} MiB) vs JSON.stringify (${(jsonBytes / 2 ** 20).toFixed(1)} MiB)`,
    value: arrowRate,
    unit: 'points/s',
    baseline: jsonRate,
    ratio: arrowRate / jsonRate,
  });

  // 3. per-frame cost: 200 frames × 720 points (the data-engine query's shape) against JSON.stringify of the
  // same frames, and against one frame holding all those points (the fixed cost per frame shows as the gap).
  const many = seriesFrames(200, 720);
  const manyMs = medianOf(9, () => {
    for (const f of many) encodeFrame(f);
  });
  const manyJsonMs = medianOf(9, () => {
    for (const f of many) JSON.stringify(f);
  });
  rows.push({
    name: 'frame encoding 200 frames × 720 points, per frame, Arrow IPC vs JSON.stringify',
    value: (manyMs / 200) * 1000,
    unit: 'µs/frame',
    baseline: (manyJsonMs / 200) * 1000,
    ratio: manyMs / manyJsonMs,
  });
  const one: Frame = {
    ...many[0]!,
    fields: many[0]!.fields.map((f) => ({
      ...f,
      values: many.flatMap((m) => Array.from(m.fields[f.type === 'time' ? 0 : 1]!.values)),
    })),
  };
  const oneMs = medianOf(9, () => encodeFrame(one));
  rows.push({
    name: '200 frames × 720 points vs the same 144,000 points in one frame (fixed cost per frame shows as ratio)',
    value: manyMs,
    unit: 'ms',
    baseline: oneMs,
    ratio: manyMs / oneMs,
  });

  // 4. QueryData round trip for a trivial query (one series, 10 points), median of 200 sequential calls.
  const p = await startPlugin();
  try {
    const q = [{ refId: 'A', queryType: 'test', model: { points: 10 } }];
    for (let i = 0; i < 20; i++) await p.queryData(q); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await p.queryData(q);
      times.push(performance.now() - t);
    }
    rows.push({ name: 'QueryData round trip, trivial test query (median of 200)', value: median(times), unit: 'ms' });
    rows.push({ name: 'backend RSS after the round trips', value: p.rssBytes() / 2 ** 20, unit: 'MiB' });
  } finally {
    await p.close();
  }
  return rows;
}
