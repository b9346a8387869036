// Savings opportunities with an estimated monthly saving each. Estimates are deliberately simple and
// say how they were made; they never count the same GPU-hours twice (idle hours are subtracted from
// the under-used-GPU estimate). Actions for the same model overlap (quantising, batching and moving to
// an API all cut the same GPU-hours), so only the best one per model counts toward the total.
import type { CostSettings, GpuModelRow, ModelRow, ModelUsage, Opportunity, SummaryRow } from './types';
import { HOURS_PER_MONTH as H } from './constants';

export interface OpportunityInput {
  summary: SummaryRow;
  byModel: ModelRow[];
  byGpuModel: GpuModelRow[];
  models: ModelUsage[];
  settings: CostSettings;
  /** Multiplier from the range to a month. */
  toMonth: number;
  gpuSources: string[];
  utilSource: string;
}

/** Utilisation a right-sized GPU pool should run at. */
export const TARGET_UTILIZATION = 70;
/** Below this mean utilisation a GPU type counts as under-used. */
export const UNDERUSED_UTILIZATION = 40;
/** KV usage a right-sized set of replicas should reach at p95. */
export const TARGET_KV_USAGE = 0.8;
const QUANTIZED = /(fp8|fp4|int8|int4|awq|gptq|w4a16|w8a8|w8a16|nvfp4|mxfp4|gguf|q4|q5|q8|bnb|4bit|8bit)/i;

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const money = (x: number, c: string) => `${x.toFixed(2)} ${c}`;

type Candidate = Omit<Opportunity, 'countedMonthlySavings'>;

export function findOpportunities(input: OpportunityInput): Opportunity[] {
  const { settings, toMonth } = input;
  const c = settings.currency;
  const out: Candidate[] = [];

  for (const g of input.byGpuModel) {
    const idleMonthly = g.idleCost * toMonth;
    if (g.idleShare !== null && g.idleShare >= 0.05 && idleMonthly > 0) {
      out.push({
        id: 'idle_gpus',
        opportunity: `Idle ${g.gpuModel} GPUs`,
        entity: `gpu_model=${g.gpuModel}`,
        action: 'Scale idle replicas down or consolidate models onto fewer GPUs.',
        detail: `${pct(g.idleShare)} of ${g.gpuHours.toFixed(1)} GPU-hours were below ${settings.idleUtilizationThreshold} % utilisation: scale idle replicas down (or to zero) or pack models onto fewer GPUs.`,
        estimatedMonthlySavings: idleMonthly,
        sources: [input.utilSource, `idleUtilizationThreshold = ${settings.idleUtilizationThreshold} %`, ...input.gpuSources],
      });
    }
    if (g.avgUtilization !== null && g.avgUtilization < UNDERUSED_UTILIZATION && g.avgGpus >= 1) {
      const needed = Math.max(1, Math.ceil((g.avgGpus * g.avgUtilization) / TARGET_UTILIZATION));
      const spare = g.avgGpus - needed;
      const savings = Math.max(0, spare * g.pricePerHour * H - idleMonthly);
      if (spare > 0 && savings > 0) {
        out.push({
          id: 'underused_gpu_type',
          opportunity: `Under-used ${g.gpuModel} pool`,
          entity: `gpu_model=${g.gpuModel}`,
          action: `Right-size to about ${needed} GPU(s) or move to a cheaper GPU type.`,
          detail: `Mean utilisation ${g.avgUtilization.toFixed(0)} % on ${g.avgGpus.toFixed(1)} GPUs: the same work fits on about ${needed} at ${TARGET_UTILIZATION} %, or on a cheaper GPU type (idle hours already counted above are excluded).`,
          estimatedMonthlySavings: savings,
          sources: [input.utilSource, ...input.gpuSources, `target utilisation ${TARGET_UTILIZATION} %`],
        });
      }
    }
  }

  const rows = new Map(input.byModel.map((r) => [r.model, r]));
  for (const m of input.models) {
    const row = rows.get(m.model);
    if (!row) continue;
    if (m.replicas !== undefined && m.replicas >= 2 && m.kvUsageP95 !== undefined && m.kvUsageP95 < 0.5 && (m.avgWaiting ?? 0) < 0.5) {
      const needed = Math.max(1, Math.ceil((m.replicas * m.kvUsageP95) / TARGET_KV_USAGE));
      if (needed < m.replicas) {
        out.push({
          id: 'batching_headroom',
          opportunity: `Batching headroom on ${m.model}`,
          entity: `model=${m.model}`,
          action: `Serve ${m.model} with ${needed} replica(s) and larger batches.`,
          detail: `${m.replicas} replicas with KV-cache p95 ${pct(m.kvUsageP95)} and no queue: larger batches on ${needed} replica(s) would serve the same load.`,
          estimatedMonthlySavings: ((m.replicas - needed) / m.replicas) * row.projectedMonthlyCost,
          sources: ['kv_cache_usage (p95)', 'requests_waiting (mean)', 'replicas (instances of the model)', ...input.gpuSources],
        });
      }
    } else if ((m.avgWaiting ?? 0) >= 1 && m.kvUsageP95 !== undefined && m.kvUsageP95 < 0.7) {
      out.push({
        id: 'batching_headroom',
        opportunity: `Queue with KV room on ${m.model}`,
        entity: `model=${m.model}`,
        action: 'Raise --max-num-seqs (or the engine’s max batch size).',
        detail: `Requests wait (mean ${m.avgWaiting!.toFixed(1)}) while the KV cache peaks at ${pct(m.kvUsageP95)}: raise --max-num-seqs / the max batch size for more throughput per GPU before adding GPUs.`,
        estimatedMonthlySavings: 0,
        sources: ['requests_waiting (mean)', 'kv_cache_usage (p95)'],
      });
    }
    if ((m.gpusPerReplica ?? 1) >= 2 && !QUANTIZED.test(m.model) && row.gpuCost > 0) {
      out.push({
        id: 'quantization',
        opportunity: `Quantise ${m.model}`,
        entity: `model=${m.model}`,
        action: 'Evaluate an FP8 or INT4 build of the model on half the GPUs.',
        detail: `Runs on ${m.gpusPerReplica} GPUs per replica with unquantised weights: FP8/INT4 weights roughly halve weight memory, often allowing half the tensor-parallel GPUs (check quality first).`,
        estimatedMonthlySavings: 0.5 * row.gpuCost * toMonth,
        sources: ['model name (no quantisation marker)', 'GPUs per replica', ...input.gpuSources],
      });
    }
    if (row.apiCost !== null && row.apiCost < row.totalCost) {
      out.push({
        id: 'api_cheaper',
        opportunity: `API cheaper for ${m.model}`,
        entity: `model=${m.model}`,
        action: 'Route this model’s traffic to the API, or grow volume past break-even.',
        detail: `At ${Math.round(row.monthlyTokens).toLocaleString('en-US')} tokens/month the API would cost ${money(row.apiCost * toMonth, c)} vs ${money(row.projectedMonthlyCost, c)} self-hosted; break-even at ${row.breakEvenTokensPerMonth === null ? 'n/a' : Math.round(row.breakEvenTokensPerMonth).toLocaleString('en-US')} tokens/month.`,
        estimatedMonthlySavings: (row.totalCost - row.apiCost) * toMonth,
        sources: ['apiPrices', 'input/output token counters', ...input.gpuSources],
      });
    }
  }
  return countBestPerModel(out.sort((a, b) => b.estimatedMonthlySavings - a.estimatedMonthlySavings));
}

/**
 * Sorted candidates → opportunities whose counted savings add up without overlap: per served model only
 * the largest saving counts; GPU-type actions already exclude each other's hours (idle vs under-used).
 */
export function countBestPerModel(sorted: Candidate[]): Opportunity[] {
  const counted = new Set<string>();
  return sorted.map((o) => {
    const perModel = o.entity.startsWith('model=');
    const first = !perModel || !counted.has(o.entity);
    if (perModel) counted.add(o.entity);
    return { ...o, countedMonthlySavings: first ? Math.max(0, o.estimatedMonthlySavings) : 0 };
  });
}
