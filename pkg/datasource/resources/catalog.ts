// `signals` (the catalog with per-signal availability for the detected engines) and `engines`.
import type { ResourceRoute } from './router';
import { jsonResponse } from './router';
import { queryParams } from './params';
import { signalArea } from '../../signals/areas';
import { SIGNALS } from '../../signals/catalog';
import { FAMILIES, family } from '../../signals/families';
import { familyMetrics } from '../../signals/inventory';
import { signalMetricNames } from '../../queries/signal/explain';
import { buildSignal } from '../../signals/build';
import { withQueryErrors } from '../../queries/promql/errors';

export const signalsRoute: ResourceRoute = async (req, instance) => {
  const data = instance.data();
  const refresh = queryParams(req).get('refresh') === 'true';
  const detection = await withQueryErrors(() => data.detector.get({ refresh }));
  // Computed signals (degradation_level) need serving metrics of any engine, not PromQL of their own.
  const anyServing = FAMILIES.some((f) => f.domain === 'serving' && detection.families.has(f.id));
  const signals = SIGNALS.map((def) => {
    const built = buildSignal({ def, rateWindow: '1m', available: detection });
    const variants = def.variants.map((v) => ({ family: v.family, note: v.note }));
    return {
      id: def.id,
      title: def.title,
      description: def.description,
      unit: def.unit,
      kind: def.kind,
      domain: def.domain,
      area: signalArea(def),
      aggregations: def.aggregations,
      defaultAggregation: def.defaultAggregation,
      available: def.computed ? anyServing : built.expr !== undefined,
      ...(def.computed ? { computed: def.computed } : {}),
      availableFrom: built.families.map((f) => ({ family: f, title: family(f).title, ...family(f).constants })),
      supportedFamilies: [...new Set(variants.map((v) => v.family))],
      notes: variants.filter((v) => v.note).map((v) => `${family(v.family).title}: ${v.note}`),
      metrics: signalMetricNames(def),
    };
  });
  return jsonResponse(200, { detectedAt: detection.at, signals });
};

export const enginesRoute: ResourceRoute = async (req, instance) => {
  const data = instance.data();
  const refresh = queryParams(req).get('refresh') === 'true';
  const d = await withQueryErrors(() => data.detector.get({ refresh }));
  const present = FAMILIES.filter((f) => d.families.has(f.id));
  return jsonResponse(200, {
    detectedAt: d.at,
    metricNames: d.metricNames.size,
    engines: present
      .filter((f) => f.domain === 'serving')
      .map((f) => ({ engine: f.constants.engine, title: f.title, family: f.id })),
    gpuExporters: present
      .filter((f) => f.domain === 'gpu')
      .map((f) => ({ exporter: f.constants.exporter, title: f.title, family: f.id })),
    families: present.map((f) => ({
      id: f.id,
      title: f.title,
      domain: f.domain,
      metricsUsed: familyMetrics(f.id).filter((m) => d.hasMetric(m)),
    })),
  });
};
