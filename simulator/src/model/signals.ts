// Reads DESIGN.md signal ids off the model state for one instance (and its GPUs). Used by tests to check
// that each fault moves the signals its ground truth promises, and handy for debugging scenarios.
import type { SimContext, SimState } from './state';

export function signalValue(ctx: SimContext, s: SimState, signal: string, i: number): number {
  const o = s.instances[i].obs;
  const gpus = ctx.topo.instanceGpus[i].map((g) => s.gpus[g]);
  const avg = (f: (g: (typeof gpus)[number]) => number) => gpus.reduce((a, g) => a + f(g), 0) / gpus.length;
  switch (signal) {
    case 'ttft':
      return o.dists.ttft.mean;
    case 'itl':
      return o.dists.itl.mean;
    case 'e2e_latency':
      return o.dists.e2e.mean;
    case 'queue_time':
      return o.dists.queue.mean;
    case 'request_rate':
      return o.arrivals / ctx.stepSec;
    case 'error_ratio':
      return o.started > 0 ? o.errors / o.started : 0;
    case 'http_error_rate':
      return (o.errors + o.aborts) / ctx.stepSec;
    case 'requests_running':
      return o.running;
    case 'requests_waiting':
      return o.waiting;
    case 'kv_cache_usage':
      return o.kvUsage;
    case 'preemption_rate':
      return o.preemptions / ctx.stepSec;
    case 'input_tokens_rate':
      return o.inputTokens / ctx.stepSec;
    case 'output_tokens_rate':
      return o.outputTokens / ctx.stepSec;
    case 'prefix_cache_hit_ratio':
      return o.prefixQueries > 0 ? o.prefixHits / o.prefixQueries : 0;
    case 'gpu_utilization':
      return avg((g) => g.utilPercent);
    case 'gpu_temperature':
      return avg((g) => g.tempC);
    case 'gpu_power':
      return avg((g) => g.powerWatts);
    case 'gpu_memory_used_ratio':
      return avg((g) => g.fbUsedMiB / (g.fbUsedMiB + g.fbFreeMiB));
    case 'up':
      return s.instances[i].down ? 0 : 1;
    case 'gpu_xid_errors':
      return Math.max(...gpus.map((g) => (g.xid > 0 ? 1 : 0)));
    default:
      throw new Error(`no model reading for signal ${signal}`);
  }
}
