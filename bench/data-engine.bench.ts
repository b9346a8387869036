// Data-engine benchmark: a range `signal` query returning 200 series × 720 points, through the built
// executable (QueryData over gRPC, frames as Arrow), against the same PromQL sent straight to the
// Prometheus HTTP API and decoded to numbers (measured in the same run, interleaved). Plus peak RSS.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SCENARIO_END_MS } from '../simulator/src/scenario-time';
import { startPlugin } from '../test/host';
import { createBlocksFromOpenMetrics, startPrometheus, tempDir } from '../test/support/services';
import type { BenchRow } from './run';
import { median } from './timing';

const SERIES = 200;
const POINTS = 720;
const STEP_S = 15;
const ROUNDS = 5;
const RUNS_PER_ROUND = 6;

/** 200 vLLM engines' KV-cache gauges, one sample per 15 s, deterministic values. */
function openMetrics(endS: number): string {
  const startS = endS - (POINTS + 8) * STEP_S;
  const lines = ['# TYPE vllm:kv_cache_usage_perc gauge'];
  for (let s = 0; s < SERIES; s++) {
    const labels = `{job="vllm",instance="vllm-${s}:8000",model_name="model-${s % 7}",engine="0"}`;
    for (let t = startS, k = 0; t <= endS; t += STEP_S, k++) {
      lines.push(`vllm:kv_cache_usage_perc${labels} ${(0.5 + 0.4 * Math.sin(k / 17 + s)).toFixed(4)} ${t}`);
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

function peakRssBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export default async function run(): Promise<BenchRow[]> {
  // The fixed scenario time (a whole hour, in the past): the same data on every run.
  const endS = SCENARIO_END_MS / 1000;
  const dir = tempDir('bench-om');
  const file = path.join(dir, 'data.om');
  writeFileSync(file, openMetrics(endS));
  const tsdb = createBlocksFromOpenMetrics(file);
  const prom = await startPrometheus({ tsdbDir: tsdb });
  const plugin = await startPlugin({ clockStartMs: SCENARIO_END_MS });
  try {
    const settings = { uid: 'bench', url: prom.url, jsonData: { timeInterval: '15s' } };
    const to = endS * 1000;
    const from = to - (POINTS - 1) * STEP_S * 1000;
    const query = {
      refId: 'A',
      queryType: 'signal',
      model: { refId: 'A', queryType: 'signal', signal: 'kv_cache_usage', aggregation: 'max', groupBy: ['instance'] },
      from,
      to,
      intervalMs: STEP_S * 1000,
      maxDataPoints: POINTS,
    };
    // Warm-up: engine detection, connections, JIT on both paths.
    const first = await plugin.queryJson([query], { settings });
    const res = first.results.A!;
    if (res.error) throw new Error(res.error);
    const frames = res.frames!;
    if (frames.length !== SERIES) throw new Error(`expected ${SERIES} series, got ${frames.length}`);
    const points = frames[0]!.data.values[0]!.length;
    if (points !== POINTS) throw new Error(`expected ${POINTS} points, got ${points}`);
    const executed = String(frames[0]!.schema.meta!.executedQueryString);
    const expr = executed.split('\nStep: ')[0]!;
    const form = new URLSearchParams({
      query: expr,
      start: String(from / 1000),
      end: String(to / 1000),
      step: String(STEP_S),
    }).toString();
    // Baseline: the same request with node:http and a keep-alive agent (faster here than fetch, which
    // negotiates gzip with Prometheus), doing the same useful work as the plugin's decoder: full JSON.parse,
    // then every sample converted to numbers (ms times, float values with NaN/±Inf) in typed arrays.
    const agent = new http.Agent({ keepAlive: true });
    const target = new URL(`${prom.url}/api/v1/query_range`);
    const toNumber = (v: string) => {
      const n = Number(v);
      return n === n ? n : v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : NaN;
    };
    const decode = (text: string) => {
      const body = JSON.parse(text) as {
        data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
      };
      return body.data.result.map((s) => {
        const n = s.values.length;
        const times = new Float64Array(n);
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const p = s.values[i]!;
          times[i] = Math.round(p[0] * 1000);
          values[i] = toNumber(p[1]);
        }
        return { labels: s.metric, times, values };
      });
    };
    const direct = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(
          target,
          {
            method: 'POST',
            agent,
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const series = decode(Buffer.concat(chunks).toString('utf8'));
              if (series.length !== SERIES || series[0]!.values.length !== POINTS)
                reject(new Error('direct query returned the wrong shape'));
              else resolve();
            });
            res.on('error', reject);
          }
        );
        req.on('error', reject);
        req.end(form);
      });
    const viaPlugin = async () => {
      const r = await plugin.queryData([query], { settings });
      if (r.responses.A?.error) throw new Error(r.responses.A.error);
    };
    const time = async (f: () => Promise<void>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) {
      await direct();
      await viaPlugin();
    }
    // Interleaved, alternating which goes first, in several rounds: drift on this shared machine hits
    // both sides alike; the per-round ratios show how much the answer moves.
    const pluginMs: number[] = [];
    const directMs: number[] = [];
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const p: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < RUNS_PER_ROUND; i++) {
        if ((round + i) % 2 === 0) {
          p.push(await time(viaPlugin));
          d.push(await time(direct));
        } else {
          d.push(await time(direct));
          p.push(await time(viaPlugin));
        }
      }
      pluginMs.push(...p);
      directMs.push(...d);
      roundRatios.push(median(p) / median(d));
    }
    agent.destroy();
    const q = median(pluginMs);
    const d = median(directMs);
    return [
      {
        name: `QueryData range signal ${SERIES} series × ${POINTS} points vs direct Prometheus HTTP + JSON.parse to numbers (medians of ${ROUNDS}×${RUNS_PER_ROUND}, interleaved)`,
        value: q,
        unit: 'ms',
        baseline: d,
        ratio: q / d,
        note: `goal ≤ 1.1; per-round ratios ${roundRatios.map((r) => r.toFixed(2)).join(' ')}`,
      },
      { name: 'plugin peak RSS (VmHWM)', value: peakRssBytes(plugin.pid) / 2 ** 20, unit: 'MiB' },
    ];
  } finally {
    await plugin.close();
    await prom.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(tsdb, { recursive: true, force: true });
  }
}
