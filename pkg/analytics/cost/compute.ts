// Self-hosted LLM cost: GPU-hours × price per GPU model (+ energy × electricity price when set),
// attributed to served models (by the GPU's `model` label, else by weighted token share), divided by
// tokens; idle share and cost; API comparison and break-even volume; cost over time; opportunities.
// A filter (CostFilter) keeps part of the fleet after attribution, so shared GPUs are split over every
// model before the selected ones are summed. Projections scale from the hours the data covers, so a
// range longer than the data does not shrink them.
import { keepsGpu } from './filter';
import { carbonKg, kwhPerMillionTokens } from '../energy/energy';
import { HOURS_PER_MONTH } from './constants';
import { gpuUsage, type GpuUsage } from './gpu-usage';
import { findOpportunities } from './opportunities';
import { apiPriceFor, gpuHourlyPrice, type PriceMatch } from './prices';
import { inputOutputSplit, weightedTokens } from './split';
import type { CostFilter, CostInput, CostReport, CostSeries, GpuInput, GpuModelRow, MetricNames, ModelRow, SummaryRow } from './types';

const MS_PER_HOUR = 3_600_000;
export const UNATTRIBUTED = 'unattributed';

export const DEFAULT_METRIC_NAMES: MetricNames = {
  utilization: 'gpu_utilization (DCGM_FI_DEV_GPU_UTIL)',
  energy: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ counter)',
  power: 'gpu_power (DCGM_FI_DEV_POWER_USAGE, W × time)',
  inputTokens: 'input_tokens_rate (prompt tokens counter)',
  outputTokens: 'output_tokens_rate (generation tokens counter)',
  prefill: 'request_prefill_time_seconds_sum',
  decode: 'request_decode_time_seconds_sum',
};

interface GpuCalc {
  gpu: GpuInput;
  gpuModel: string;
  usage: GpuUsage;
  price: PriceMatch | undefined;
  gpuCost: number;
  energyCost: number;
  idleCost: number;
  /** model → share of this GPU's cost (attribution over the whole fleet). */
  shares: Map<string, number>;
  /** model → share of this GPU the filter keeps (= shares without a filter). */
  kept: Map<string, number>;
  /** Σ kept: the part of this GPU the report counts. */
  weight: number;
}

const per1M = (cost: number, tokens: number): number | null => (tokens > 0 ? (cost / tokens) * 1e6 : null);

export function computeCost(input: CostInput): CostReport {
  const { settings } = input;
  const names = { ...DEFAULT_METRIC_NAMES, ...input.metricNames };
  const rangeHours = (input.range.to - input.range.from) / MS_PER_HOUR;
  if (!(rangeHours > 0)) throw new Error('the time range is empty: choose a range longer than zero');
  const coveredHours = coveredMs(input.gpus) / MS_PER_HOUR || rangeHours;
  const toMonth = HOURS_PER_MONTH / coveredHours;
  const filter = input.filter;
  const elec = settings.electricityPricePerKwh;
  const warnings: string[] = [];
  const priceSources = new Set<string>();
  const metricSources = new Set<string>();

  // Token weights for sharing GPUs that carry no model label.
  const tokenWeights = new Map(input.models.map((m) => [m.model, weightedTokens(m.inputTokens, m.outputTokens, settings.outputTokenWeight)]));
  const totalWeight = [...tokenWeights.values()].reduce((a, b) => a + b, 0);
  let sharedByTokens = false;
  /** Shares of a GPU without a model label: by weighted tokens, or unattributed when no model served any. */
  const tokenShares = (): Map<string, number> => {
    const shares = new Map<string, number>();
    if (totalWeight > 0) {
      sharedByTokens = true;
      for (const [m, w] of tokenWeights) if (w > 0) shares.set(m, w / totalWeight);
    } else shares.set(UNATTRIBUTED, 1);
    return shares;
  };

  if (input.gpus.length) metricSources.add(names.utilization);
  const gpus: GpuCalc[] = input.gpus.map((gpu) => {
    const gpuModel = gpu.labels.gpu_model ?? 'unknown GPU';
    const usage = gpuUsage(gpu, settings.idleUtilizationThreshold, stepGap(gpu.times));
    const price = gpuHourlyPrice(gpuModel, settings.gpuHourlyPrices);
    const perHour = price?.price ?? 0;
    const shares = gpu.labels.model ? new Map([[gpu.labels.model, 1]]) : tokenShares();
    if (usage.energy.method === 'energy_counter') metricSources.add(names.energy);
    if (usage.energy.method === 'power_integral') metricSources.add(names.power);
    return {
      gpu,
      gpuModel,
      usage,
      price,
      gpuCost: usage.hours * perHour,
      energyCost: elec !== undefined ? usage.energy.kwh * elec : 0,
      idleCost: usage.idleHours * perHour,
      shares,
      kept: shares,
      weight: 1,
    };
  });

  // Configured counts for GPU models without DCGM data: billed for the covered hours, no idle data.
  for (const [gpuModel, count] of Object.entries(input.configuredGpuCounts ?? {})) {
    if (gpus.some((g) => g.gpuModel === gpuModel) || !(count > 0)) continue;
    const price = gpuHourlyPrice(gpuModel, settings.gpuHourlyPrices);
    const shares = tokenShares();
    gpus.push({
      gpu: { labels: { gpu_model: gpuModel }, times: [], utilization: [] },
      gpuModel,
      usage: { hours: count * coveredHours, idleHours: 0, utilHours: NaN, energy: { kwh: 0, method: 'none' } },
      price,
      gpuCost: count * coveredHours * (price?.price ?? 0),
      energyCost: 0,
      idleCost: 0,
      shares,
      kept: shares,
      weight: 1,
    });
    metricSources.add(`configured GPU count ${gpuModel} × ${count}`);
  }

  const keptTokens = applyFilter(gpus, input.models, filter, settings.outputTokenWeight);

  for (const g of gpus) {
    if (g.price) priceSources.add(`gpuHourlyPrices["${g.price.key}"] = ${g.price.price} ${settings.currency}/h${g.price.origin === 'default' ? ' (built-in default)' : ''}`);
  }
  for (const m of [...new Set(gpus.filter((g) => !g.price).map((g) => g.gpuModel))]) {
    warnings.push(`No price for GPU model "${m}": add it to gpuHourlyPrices in the datasource settings (counted as 0).`);
  }
  if (elec === undefined && gpus.length) {
    warnings.push('electricityPricePerKwh is not set: energy is reported but not added to the cost (cloud GPU prices include power).');
  }
  if (sharedByTokens) metricSources.add('GPU → model attribution by weighted token share (GPU series carry no model label)');
  const tokenSources = [names.inputTokens, names.outputTokens];
  const elecSource = elec !== undefined ? [`electricityPricePerKwh = ${elec} ${settings.currency}/kWh`] : [];
  const carbonSource = `gridCarbonIntensity = ${settings.gridCarbonIntensity} g CO2e/kWh`;
  const idleSource = `idleUtilizationThreshold = ${settings.idleUtilizationThreshold} %`;

  // Per-model totals.
  const modelNames = new Set<string>(keptTokens.keys());
  for (const g of gpus) for (const m of g.kept.keys()) modelNames.add(m);
  const usageByModel = new Map(input.models.map((m) => [m.model, m]));
  const byModel: ModelRow[] = [...modelNames].sort().map((model) => {
    let gpuHours = 0, gpuCost = 0, energyKwh = 0, energyCost = 0, idleHours = 0;
    for (const g of gpus) {
      const s = g.kept.get(model) ?? 0;
      gpuHours += s * g.usage.hours;
      gpuCost += s * g.gpuCost;
      energyKwh += s * g.usage.energy.kwh;
      energyCost += s * g.energyCost;
      idleHours += s * g.usage.idleHours;
    }
    const u = usageByModel.get(model);
    const inputTokens = keptTokens.get(model)?.input ?? 0;
    const outputTokens = keptTokens.get(model)?.output ?? 0;
    const totalCost = gpuCost + energyCost;
    const split = inputOutputSplit(inputTokens, outputTokens, settings.outputTokenWeight, u?.prefillSeconds, u?.decodeSeconds);
    const api = model === UNATTRIBUTED ? undefined : apiPriceFor(model, settings.apiPrices);
    const tokens = inputTokens + outputTokens;
    const apiCost = api ? (inputTokens * api.input + outputTokens * api.output) / 1e6 : null;
    // Blended API price per token for this model's input/output mix (3:1 when it served nothing).
    const blended = api ? (tokens > 0 ? apiCost! / tokens : (3 * api.input + api.output) / 4 / 1e6) : null;
    const monthly = totalCost * toMonth;
    return {
      model,
      gpuHours,
      gpuCost,
      energyKwh,
      energyCost,
      totalCost,
      projectedMonthlyCost: monthly,
      inputTokens,
      outputTokens,
      costPerMillionTokens: per1M(totalCost, tokens),
      inputCostPerMillionTokens: per1M(totalCost * split.inputShare, inputTokens),
      outputCostPerMillionTokens: per1M(totalCost * (1 - split.inputShare), outputTokens),
      splitMethod: split.method,
      idleShare: gpuHours > 0 ? idleHours / gpuHours : null,
      kwhPerMillionTokens: kwhPerMillionTokens(energyKwh, tokens),
      carbonKg: carbonKg(energyKwh, settings.gridCarbonIntensity),
      apiCost,
      apiCostPerMillionTokens: blended === null ? null : blended * 1e6,
      breakEvenTokensPerMonth: blended && blended > 0 ? monthly / blended : null,
      monthlyTokens: tokens * toMonth,
    };
  });

  // Per GPU model.
  const gpuModels = [...new Set(gpus.filter((g) => g.weight > 0).map((g) => g.gpuModel))].sort();
  const modelTokens = new Map(byModel.map((r) => [r.model, r.inputTokens + r.outputTokens]));
  const modelGpuHours = new Map(byModel.map((r) => [r.model, r.gpuHours]));
  const byGpuModel: GpuModelRow[] = gpuModels.map((gpuModel) => {
    const gs = gpus.filter((g) => g.gpuModel === gpuModel);
    // Each GPU counts by the part the filter keeps (1 without a filter).
    const sum = (f: (g: GpuCalc) => number) => gs.reduce((a, g) => a + g.weight * f(g), 0);
    const gpuHours = sum((g) => g.usage.hours);
    const utilKnown = gs.filter((g) => Number.isFinite(g.usage.utilHours));
    const utilHoursKnown = utilKnown.reduce((a, g) => a + g.weight * g.usage.hours, 0);
    const energyKwh = sum((g) => g.usage.energy.kwh);
    // Tokens served on this GPU model: each model's tokens in proportion to its GPU-hours here.
    let tokens = 0;
    for (const [model, t] of modelTokens) {
      const here = gs.reduce((a, g) => a + (g.kept.get(model) ?? 0) * g.usage.hours, 0);
      const all = modelGpuHours.get(model) ?? 0;
      if (all > 0) tokens += (t * here) / all;
    }
    const gpuCost = sum((g) => g.gpuCost);
    const energyCost = sum((g) => g.energyCost);
    return {
      gpuModel,
      priceKey: gs[0].price?.key ?? null,
      pricePerHour: gs[0].price?.price ?? 0,
      avgGpus: gpuHours / coveredHours,
      gpuHours,
      avgUtilization: utilHoursKnown > 0 ? utilKnown.reduce((a, g) => a + g.weight * g.usage.utilHours, 0) / utilHoursKnown : null,
      idleShare: utilHoursKnown > 0 ? sum((g) => g.usage.idleHours) / utilHoursKnown : null,
      idleCost: sum((g) => g.idleCost),
      gpuCost,
      energyKwh,
      energyCost,
      totalCost: gpuCost + energyCost,
      tokens,
      costPerMillionTokens: per1M(gpuCost + energyCost, tokens),
      kwhPerMillionTokens: kwhPerMillionTokens(energyKwh, tokens),
      carbonKg: carbonKg(energyKwh, settings.gridCarbonIntensity),
    };
  });

  const sumRows = (f: (r: GpuModelRow) => number) => byGpuModel.reduce((a, r) => a + f(r), 0);
  const inputTokens = byModel.reduce((a, m) => a + m.inputTokens, 0);
  const outputTokens = byModel.reduce((a, m) => a + m.outputTokens, 0);
  const tokens = inputTokens + outputTokens;
  const gpuHours = sumRows((r) => r.gpuHours);
  const gpuCost = sumRows((r) => r.gpuCost);
  const energyKwh = sumRows((r) => r.energyKwh);
  const energyCost = sumRows((r) => r.energyCost);
  const totalCost = gpuCost + energyCost;
  const measuredHours = gpus.filter((g) => Number.isFinite(g.usage.utilHours)).reduce((a, g) => a + g.weight * g.usage.hours, 0);
  const summary: SummaryRow = {
    totalCost,
    projectedMonthlyCost: totalCost * toMonth,
    gpuHours,
    gpuCost,
    inputTokens,
    outputTokens,
    tokens,
    costPerMillionTokens: per1M(totalCost, tokens),
    idleShare: measuredHours > 0 ? gpus.reduce((a, g) => a + g.weight * g.usage.idleHours, 0) / measuredHours : null,
    idleCost: sumRows((r) => r.idleCost),
    energyKwh,
    energyCost,
    carbonKg: carbonKg(energyKwh, settings.gridCarbonIntensity),
    kwhPerMillionTokens: kwhPerMillionTokens(energyKwh, tokens),
    currency: settings.currency,
    rangeHours,
    coveredHours,
  };

  const metrics = [...metricSources];
  const prices = [...priceSources];
  const energyMetrics = metrics.filter((m) => m === names.energy || m === names.power);
  const apiSources = [...new Set(byModel.map((r) => apiPriceFor(r.model, settings.apiPrices)).filter((p) => p).map((p) => `apiPrices["${p!.key}"] = ${p!.input}/${p!.output} ${settings.currency} per 1M input/output tokens${p!.origin === 'default' ? ' (built-in default)' : ''}`))];
  const costSources = [...metrics.filter((m) => !energyMetrics.includes(m) || elec !== undefined), ...prices, ...elecSource];
  const sources: Record<string, string[]> = {
    total_cost: costSources,
    projected_monthly_cost: [...costSources, `× ${HOURS_PER_MONTH} h/month ÷ hours covered by data (${round3(coveredHours)} h of the ${round3(rangeHours)} h range)`],
    gpu_hours: metrics.filter((m) => !energyMetrics.includes(m)),
    gpu_cost: [...metrics.filter((m) => !energyMetrics.includes(m)), ...prices],
    tokens: tokenSources,
    cost_per_1m_tokens: [...costSources, ...tokenSources],
    input_cost_per_1m_tokens: [...costSources, ...tokenSources, `split: ${names.prefill} / ${names.decode}, else outputTokenWeight = ${settings.outputTokenWeight}`],
    output_cost_per_1m_tokens: [...costSources, ...tokenSources, `split: ${names.prefill} / ${names.decode}, else outputTokenWeight = ${settings.outputTokenWeight}`],
    idle_share: [names.utilization, idleSource],
    idle_cost: [names.utilization, idleSource, ...prices],
    energy_kwh: energyMetrics,
    energy_cost: [...energyMetrics, ...elecSource],
    carbon_kg: [...energyMetrics, carbonSource],
    kwh_per_1m_tokens: [...energyMetrics, ...tokenSources],
    api_cost: [...tokenSources, ...apiSources],
    break_even_tokens_per_month: [...costSources, ...apiSources],
  };

  return {
    summary,
    byModel,
    byGpuModel,
    overTimeByModel: overTime(gpus, (g) => [...g.kept.entries()].map(([model, share]) => [{ model }, share]), elec),
    overTimeByGpuModel: overTime(gpus, (g) => (g.weight > 0 ? [[{ gpu_model: g.gpuModel }, g.weight]] : []), elec),
    opportunities: findOpportunities({ summary, byModel, byGpuModel, models: input.models.filter((m) => modelNames.has(m.model)), settings, toMonth, gpuSources: prices, utilSource: names.utilization }),
    sources,
    warnings,
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Span of the GPU data: first to last sample with a utilisation value, over every GPU (0 without data). */
function coveredMs(gpus: GpuInput[]): number {
  let first = Infinity;
  let last = -Infinity;
  for (const g of gpus) {
    for (let i = 0; i < g.times.length; i++) {
      const u = g.utilization[i];
      if (u === null || !Number.isFinite(u)) continue;
      if (g.times[i] < first) first = g.times[i];
      if (g.times[i] > last) last = g.times[i];
    }
  }
  return last > first ? last - first : 0;
}

/**
 * Applies the filter to the attributed GPUs (sets `kept` and `weight`) and returns the tokens each kept
 * model counts. A joined GPU (its own `model` label) is kept or not as a whole; a GPU shared by token
 * weight keeps the share of each model's weighted tokens that passed the filters.
 */
function applyFilter(gpus: GpuCalc[], models: CostInput['models'], filter: CostFilter | undefined, outputWeight: number): Map<string, { input: number; output: number }> {
  const all = new Map(models.map((m) => [m.model, { input: m.inputTokens, output: m.outputTokens }]));
  if (!filter) return all;
  const fraction = (model: string): number => {
    const k = filter.keptTokens.get(model);
    if (!k) return 0;
    const a = all.get(model);
    const total = a ? weightedTokens(a.input, a.output, outputWeight) : 0;
    return total > 0 ? Math.min(1, weightedTokens(k.input, k.output, outputWeight) / total) : 1;
  };
  const allHours = new Map<string, number>();
  const keptHours = new Map<string, number>();
  for (const g of gpus) {
    const keep = keepsGpu(filter, g.gpu.labels);
    const joined = g.gpu.labels.model !== undefined;
    g.kept = new Map();
    for (const [m, share] of g.shares) {
      allHours.set(m, (allHours.get(m) ?? 0) + share * g.usage.hours);
      const w = keep ? share * (joined ? 1 : fraction(m)) : 0;
      if (w > 0) {
        g.kept.set(m, w);
        keptHours.set(m, (keptHours.get(m) ?? 0) + w * g.usage.hours);
      }
    }
    g.weight = [...g.kept.values()].reduce((a, b) => a + b, 0);
  }
  const out = new Map<string, { input: number; output: number }>();
  for (const [m, k] of filter.keptTokens) {
    if (!filter.gpuScoped) {
      out.set(m, k);
      continue;
    }
    // Only the tokens served on the kept GPUs: the model's kept GPU-hours over all its GPU-hours.
    const h = allHours.get(m) ?? 0;
    const part = h > 0 ? (keptHours.get(m) ?? 0) / h : 0;
    if (part > 0) out.set(m, { input: k.input * part, output: k.output * part });
  }
  return out;
}

/** Largest interval billed between two samples: a few typical steps (GPUs that vanish are not billed). */
function stepGap(times: number[]): number {
  if (times.length < 2) return Infinity;
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) steps.push(times[i] - times[i - 1]);
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] * 3;
}

/** Cost rate (currency per hour) at each sample time, summed per group. */
function overTime(gpus: GpuCalc[], groupsOf: (g: GpuCalc) => Array<[Record<string, string>, number]>, elec: number | undefined): CostSeries[] {
  const groups = new Map<string, { labels: Record<string, string>; points: Map<number, number> }>();
  for (const g of gpus) {
    const perHour = g.price?.price ?? 0;
    for (const [labels, share] of groupsOf(g)) {
      const key = JSON.stringify(labels);
      let grp = groups.get(key);
      if (!grp) groups.set(key, (grp = { labels, points: new Map() }));
      g.gpu.times.forEach((t, i) => {
        const u = g.gpu.utilization[i];
        if (u === null || !Number.isFinite(u)) return;
        const watts = g.gpu.powerW?.[i];
        const energyPerHour = elec !== undefined && typeof watts === 'number' && Number.isFinite(watts) ? (watts / 1000) * elec : 0;
        grp!.points.set(t, (grp!.points.get(t) ?? 0) + share * (perHour + energyPerHour));
      });
    }
  }
  return [...groups.values()]
    .map(({ labels, points }) => {
      const times = [...points.keys()].sort((a, b) => a - b);
      return { labels, times, values: times.map((t) => points.get(t)!) };
    })
    .filter((s) => s.times.length > 0)
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}
