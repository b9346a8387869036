// Editor autocomplete resources backed by Prometheus: metrics, labels, label-values, and
// signal-label-values (values of a *normalized* label across every engine's own spelling).
import type { ResourceRoute } from './router';
import { jsonResponse } from './router';
import { labelParam, matchParams, queryParams, timeParams } from './params';
import { FAMILIES } from '../../signals/families';
import { effectiveSources } from '../../signals/normalize';
import { withQueryErrors } from '../../queries/promql/errors';

const MAX_VALUES = 10_000;

export const metricsRoute: ResourceRoute = async (req, instance) => {
  const p = queryParams(req);
  const data = instance.data();
  const names = await withQueryErrors(() =>
    data.prometheus.labelValues('__name__', { match: matchParams(p), ...timeParams(p) })
  );
  return jsonResponse(200, { data: names.slice(0, MAX_VALUES), truncated: names.length > MAX_VALUES });
};

export const labelsRoute: ResourceRoute = async (req, instance) => {
  const p = queryParams(req);
  const data = instance.data();
  const names = await withQueryErrors(() => data.prometheus.labelNames({ match: matchParams(p), ...timeParams(p) }));
  return jsonResponse(200, { data: names });
};

export const labelValuesRoute: ResourceRoute = async (req, instance) => {
  const p = queryParams(req);
  const label = labelParam(p);
  const data = instance.data();
  const values = await withQueryErrors(() =>
    data.prometheus.labelValues(label, { match: matchParams(p), ...timeParams(p) })
  );
  return jsonResponse(200, { data: values.slice(0, MAX_VALUES), truncated: values.length > MAX_VALUES });
};

/** Values of a normalized label (model, hostname, pod …) across the spellings of every detected family. */
export const signalLabelValuesRoute: ResourceRoute = async (req, instance) => {
  const p = queryParams(req);
  const label = labelParam(p);
  const data = instance.data();
  const detection = await withQueryErrors(() => data.detector.get());
  const values = new Set<string>();
  const families = FAMILIES.filter((f) => detection.families.has(f.id));
  // Own keys only: `label=__proto__` or `constructor` must not read Object's properties.
  const constant = (f: (typeof families)[number]) =>
    Object.hasOwn(f.constants, label) ? f.constants[label] : undefined;
  for (const f of families) {
    const c = constant(f);
    if (c) values.add(c);
  }
  const calls: Array<Promise<string[]>> = [];
  for (const f of families) {
    if (constant(f)) continue;
    const present = detection.familyLabels(f.id);
    const match = `{__name__=~"${f.marker.source.replace(/^\^/, '').replace(/\$$/, '')}.*"}`;
    for (const src of effectiveSources(f, label)) {
      if (present && !present.has(src)) continue;
      calls.push(withQueryErrors(() => data.prometheus.labelValues(src, { match: [match], ...timeParams(p) })));
    }
  }
  for (const list of await Promise.all(calls)) for (const v of list) values.add(v);
  const sorted = [...values].sort();
  return jsonResponse(200, { data: sorted.slice(0, MAX_VALUES), truncated: sorted.length > MAX_VALUES });
};
