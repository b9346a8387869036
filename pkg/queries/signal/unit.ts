// The unit of a signal query's values, which depends on the aggregation as well as the signal: Grafana
// lets a frame's own unit win over the panel's default, so a wrong one here is what every panel shows.
import type { Aggregation } from '../../model/ids';
import type { SignalDef } from '../../signals/types';

/**
 * A `ratio` is a share of the whole (a counter's 5xx over all requests): percentunit. A histogram's
 * `rate` counts observations per second (requests, engine steps): the histogram's own value unit
 * (seconds, tokens) does not apply, so none is given and the panel's unit stands. Otherwise the
 * signal's unit.
 */
export function resultUnit(def: Pick<SignalDef, 'kind' | 'unit'>, aggregation: Aggregation): string | undefined {
  if (aggregation === 'ratio') return 'percentunit';
  if (def.kind === 'histogram' && aggregation === 'rate') return undefined;
  return def.unit;
}
