// Instant cost: one number per series as numeric-multi frames (one frame per served model, per GPU
// model, or one for the fleet), the shape stat panels show and alert rules reduce and threshold.
// Each frame's meta.custom and field description name the metrics, prices and settings behind it.
// Series whose value is undefined (e.g. cost per 1M tokens of a model that served no tokens) are left
// out rather than sent as null, which an alert rule would turn into a NoData instance.
import type { Frame, FrameMeta, Notice } from '../../grafana/frame';
import type { CostReport } from '../../analytics/cost/types';
import type { CostInstantView, CostMetric } from '../../model/ids';
import { COST_METRIC_DEFS, type CostMetricDef } from './instant-metrics';

interface InstantValue {
  labels: Record<string, string>;
  value: number | null;
}

function instantValues(r: CostReport, view: CostInstantView, def: CostMetricDef, metric: CostMetric): InstantValue[] {
  // Per-hour numbers are means over the hours the data covers (not the empty part of a longer range).
  const hours = r.summary.coveredHours;
  const missing = () => new Error(`cost metric "${metric}" has no value for view "${view}"`);
  switch (view) {
    case 'summary': {
      if (!def.summary) throw missing();
      return [{ labels: {}, value: def.summary(r.summary) }];
    }
    case 'by_model': {
      const f = def.by_model;
      if (!f) throw missing();
      return r.byModel.map((m) => ({ labels: { model: m.model }, value: f(m, hours) }));
    }
    case 'by_gpu_model': {
      const f = def.by_gpu_model;
      if (!f) throw missing();
      return r.byGpuModel.map((g) => ({ labels: { gpu_model: g.gpuModel }, value: f(g, hours) }));
    }
  }
}

export function costInstantFrames(r: CostReport, view: CostInstantView, metric: CostMetric, refId: string): Frame[] {
  const def = COST_METRIC_DEFS[metric];
  const currency = r.summary.currency;
  const all = instantValues(r, view, def, metric);
  const kept = all.filter((v) => v.value !== null && Number.isFinite(v.value));
  const sources = def.sources(r);
  const unitText = def.unitText(currency);
  const custom = {
    view,
    metric,
    unit: unitText,
    currency,
    formula: def.formula,
    rangeHours: r.summary.rangeHours,
    coveredHours: r.summary.coveredHours,
    sources,
  };

  const notices: Notice[] = r.warnings.map((text) => ({ severity: 'warning', text }));
  const dropped = all.filter((v) => !kept.includes(v));
  if (dropped.length && kept.length) {
    const names = dropped.map((v) => Object.values(v.labels).join(' ')).join(', ');
    notices.push({ severity: 'info', text: `No ${metric} value for ${names}: ${def.whenMissing}.` });
  }
  if (!kept.length) {
    notices.push({
      severity: 'info',
      text: `No ${metric} value in this range: ${all.length ? def.whenMissing : view === 'by_gpu_model' ? 'no GPU was found' : 'no served model was found'}.`,
    });
  }
  const meta = (first: boolean): FrameMeta => ({
    type: 'numeric-multi',
    typeVersion: [0, 1],
    custom,
    // Notices once, on the first frame: Grafana shows every frame's notices.
    ...(first && notices.length ? { notices } : {}),
  });
  // A typed frame without fields is "no data" for Grafana (and for alert rules).
  if (!kept.length) return [{ refId, meta: meta(true), fields: [] }];

  const description = `${def.title} in ${unitText}: ${def.formula}. Sources: ${sources.join('; ')}`;
  return kept.map((v, i) => {
    const labelText = Object.values(v.labels).join(' ');
    return {
      refId,
      meta: meta(i === 0),
      fields: [
        {
          name: metric,
          type: 'number',
          values: [v.value],
          labels: v.labels,
          config: { unit: def.unit(currency), displayNameFromDS: labelText || def.title, description },
        },
      ],
    };
  });
}
