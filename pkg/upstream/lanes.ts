// Two lanes to the upstream: interactive (panel queries: PromQL, signals, traces) and bulk (the analytic
// query types' fan-out: root cause sends ~30 range queries, anomaly a long lookback). The bulk lane has
// a bound on requests in flight per upstream (HttpEndpoint.bulkRequests), the interactive lane none, so
// a one-series panel never waits for a connection behind analytic fan-out and Prometheus evaluates at
// most that many analytic queries beside it. The lane follows the async call chain of the query that
// entered it (AsyncLocalStorage), so the many call sites of the clients need no extra argument.
import { AsyncLocalStorage } from 'node:async_hooks';

export type UpstreamLane = 'interactive' | 'bulk';

const lane = new AsyncLocalStorage<UpstreamLane>();

export function runInLane<T>(which: UpstreamLane, fn: () => T): T {
  return lane.run(which, fn);
}

export function currentLane(): UpstreamLane {
  return lane.getStore() ?? 'interactive';
}
