// The time range of a query, checked before any handler runs: Grafana sends epoch milliseconds, and
// frames carry nanoseconds in a signed 64-bit integer, which ends in April 2262.
import { QueryError } from '../grafana/errors';
import { MAX_EPOCH_MS } from '../model/ids';

export function checkTimeRange(refId: string, from: number, to: number): void {
  const ok = (t: number) => Number.isFinite(t) && Math.abs(t) <= MAX_EPOCH_MS;
  if (!ok(from) || !ok(to)) {
    throw new QueryError(
      `query ${refId}: the time range (${from} to ${to} ms) is outside the years 1677–2262 that timestamps can hold`,
      400
    );
  }
  if (from > to) throw new QueryError(`query ${refId}: the time range ends (${to}) before it starts (${from})`, 400);
}
