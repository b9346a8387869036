// llama.cpp's `llama-server --metrics`: unlabelled counters and gauges under the `llamacpp:` prefix, one
// model per server, no histograms. The server has no model label, so `model` here is what a scrape config
// copies from the pod's label. Every other llama.cpp instance is an older build that still exports
// `kv_cache_usage_ratio` and `kv_cache_tokens` (removed upstream in #13660), so both generations exist;
// the newer build counts prompt tokens reused from the cache apart (`prompt_tokens_cached_total`).
import { histIndex } from '../model/buckets';
import type { SimContext } from '../model/state';
import { perVariant } from './engines';
import { SeriesGroup } from './group';
import type { Labels, Registry } from './registry';

export function registerLlamacpp(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const perf = ctx.fleet.instances[i].perf;
  const nth = ctx.fleet.instances.slice(0, i).filter((x) => x.flavour === 'llamacpp').length;
  const withKv = nth % 2 === 0;
  const hi = (k: string) => histIndex('llamacpp', k);
  perVariant(
    reg,
    ctx,
    i,
    (model) => {
      const g = new SeriesGroup(reg, [...base, ['model', model]]);
      return {
        g,
        promptTokens: g.counter('llamacpp:prompt_tokens_total', 'Number of prompt tokens processed.'),
        cachedTokens: withKv ? -1 : g.counter('llamacpp:prompt_tokens_cached_total', 'Number of prompt tokens reused from the cache'),
        promptSeconds: g.counter('llamacpp:prompt_seconds_total', 'Prompt process time'),
        predicted: g.counter('llamacpp:tokens_predicted_total', 'Number of generation tokens processed.'),
        predictedSeconds: g.counter('llamacpp:tokens_predicted_seconds_total', 'Predict process time'),
        decodes: g.counter('llamacpp:n_decode_total', 'Total number of llama_decode() calls'),
        busyPerDecode: g.gauge(
          'llamacpp:n_busy_slots_per_decode',
          'Average number of busy slots per llama_decode() call'
        ),
        promptRate: g.gauge('llamacpp:prompt_tokens_seconds', 'Average prompt throughput in tokens/s.'),
        predictedRate: g.gauge('llamacpp:predicted_tokens_seconds', 'Average generation throughput in tokens/s.'),
        kvRatio: withKv ? g.gauge('llamacpp:kv_cache_usage_ratio', 'KV-cache usage. 1 means 100 percent usage.') : -1,
        kvTokens: withKv ? g.gauge('llamacpp:kv_cache_tokens', 'KV-cache tokens.') : -1,
        processing: g.gauge('llamacpp:requests_processing', 'Number of requests processing.'),
        deferred: g.gauge('llamacpp:requests_deferred', 'Number of requests deferred.'),
      };
    },
    (h, vi, s, v) => {
      const st = s.instances[i];
      const o = st.obs;
      const a = st.variants[vi];
      // Only tokens the server evaluates count: a prompt prefix reused from the slot's cache does not.
      const processed = Math.floor(Math.max(0, a.promptTokens - a.prefixHits));
      v[h.promptTokens] = processed;
      if (h.cachedTokens >= 0) v[h.cachedTokens] = Math.floor(a.prefixHits);
      v[h.promptSeconds] = a.hist[hi('prompt')].sum;
      v[h.predicted] = Math.floor(a.generationTokens);
      v[h.predictedSeconds] = a.hist[hi('predicted')].sum;
      // One llama_decode() call advances every busy slot by a token. The step model keeps no wall-clock
      // busy time, so calls are estimated as tokens over a typical half-full set of slots.
      v[h.decodes] = Math.floor(a.generationTokens / Math.max(1, perf.maxSeqs / 2));
      v[h.busyPerDecode] = o.running;
      // The throughput gauges cover the interval since the last scrape; 0 when nothing ran.
      const hit = o.prefixQueries > 0 ? o.prefixHits / o.prefixQueries : 0;
      const prefill = o.dists.prefill.mean;
      v[h.promptRate] = o.ok > 0 && prefill > 0 ? (o.inputLen * (1 - hit)) / prefill : 0;
      v[h.predictedRate] = o.ok > 0 && o.dists.itl.mean > 0 ? 1 / o.dists.itl.mean : 0;
      if (h.kvRatio >= 0) {
        v[h.kvRatio] = o.kvUsage;
        v[h.kvTokens] = Math.round(o.kvUsage * perf.kvCapacityTokens);
      }
      // Slots are llama.cpp's batch: `--parallel` of them process, the rest wait.
      v[h.processing] = o.running;
      v[h.deferred] = o.waiting;
    }
  );
}
