// The datasource's BackendPlugin: QueryData dispatch by queryType, CheckHealth and resources.
// Queries of one request run concurrently and fail independently, each with its own status.
import { QueryError, errorResponse, okResponse } from '../grafana/errors';
import type { DataResponse } from '../grafana/frame';
import type { Compute } from '../compute';
import type { BackendPlugin, DataQuery } from '../grafana/types';
import { knownQueryTypes, queryHandlers } from '../queries/registry';
import type { QueryContext, QueryHandler } from '../queries/types';
import { checkHealth } from './health';
import { createDatasourceInstance, type DatasourceInstance } from './instance';
import { ANALYTIC_QUERY_TYPES, admitted } from './admission';
import { answerLimits, enforceAnswerLimits } from './answer-limits';
import { scrubDataResponse, scrubHealth, scrubResource } from './outbound';
import { checkTimeRange } from './query-range';
import { routeResource } from './resources/router';
import { runInLane } from '../upstream/lanes';
import type { SelfMetrics } from './self-metrics';

export const DEFAULT_QUERY_TIMEOUT_SECONDS = 30;

export interface DatasourcePluginOptions {
  metrics: SelfMetrics;
  /** Defaults to the registry; tests pass their own. */
  handlers?: Record<string, QueryHandler>;
  /** Overrides jsonData.timeoutSeconds (tests). */
  queryTimeoutMs?: number;
  /** Where heavy analytics run (the executable's worker pool); inline when absent. */
  compute?: Compute;
}

/** Alerting sets `FromAlert: true`; forwarded headers arrive as `http_<Name>`. Match both, any case. */
export function isFromAlert(headers: Record<string, string>): boolean {
  return Object.entries(headers).some(
    ([k, v]) => /^(http_)?fromalert$/i.test(k) && String(v).trim().toLowerCase() === 'true'
  );
}

export function queryTimeoutMs(instance: DatasourceInstance): number {
  const raw = Number(instance.raw?.jsonData?.timeoutSeconds);
  const seconds = Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_QUERY_TIMEOUT_SECONDS;
  return seconds * 1000;
}

interface Caller {
  fromAlert: boolean;
  /** Grafana user login ('' when Grafana sent none, e.g. alerting): the admission queue's fairness key. */
  user: string;
}

/** Alert rule evaluations take turns as one party, whatever user (if any) Grafana names for them. */
function queueKey(caller: Caller): string {
  return caller.fromAlert ? 'alerting\u0000' : `user:${caller.user}`;
}

function queryTypeOf(q: DataQuery): string {
  if (q.queryType) return q.queryType;
  return typeof q.json.queryType === 'string' ? q.json.queryType : '';
}

/** A user-supplied string quoted in a message, cut so a huge input is never echoed. */
function short(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function createDatasourcePlugin(options: DatasourcePluginOptions): BackendPlugin<DatasourceInstance> {
  const handlers = options.handlers ?? queryHandlers;
  const known = () => (options.handlers ? Object.keys(handlers).sort() : knownQueryTypes());
  const { metrics } = options;

  async function runQuery(q: DataQuery, instance: DatasourceInstance, caller: Caller, cancelled?: AbortSignal) {
    const { fromAlert } = caller;
    if (q.jsonError) throw new QueryError(q.jsonError, 400);
    const refId = short(q.refId, 64);
    const queryType = queryTypeOf(q);
    if (queryType === '') {
      throw new QueryError(`query ${refId} has no queryType; set one of: ${known().join(', ')}`, 400);
    }
    const handler = Object.hasOwn(handlers, queryType) ? handlers[queryType] : undefined;
    if (!handler) {
      throw new QueryError(
        `unknown queryType "${short(queryType, 64)}"; known query types: ${known().join(', ')}`,
        400
      );
    }
    checkTimeRange(refId, q.timeRange.fromEpochMS, q.timeRange.toEpochMS);
    const timeoutMs = options.queryTimeoutMs ?? queryTimeoutMs(instance);
    const controller = new AbortController();
    // Grafana cancelled the call: stop this query's upstream requests and its compute task.
    const onCancel = () => controller.abort();
    cancelled?.addEventListener('abort', onCancel, { once: true });
    if (cancelled?.aborted) controller.abort();
    const ctx: QueryContext = {
      refId: q.refId,
      query: q.json,
      range: { from: q.timeRange.fromEpochMS, to: q.timeRange.toEpochMS },
      intervalMs: numberOr(q.intervalMS, numberOr(q.json.intervalMs, 1000)),
      maxDataPoints: numberOr(q.maxDataPoints, numberOr(q.json.maxDataPoints, 1000)),
      fromAlert,
      instance,
      signal: controller.signal,
      compute: options.compute,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject before aborting: a handler that settles on abort must not win the race.
        reject(
          new QueryError(
            `query ${refId} timed out after ${timeoutMs / 1000} s; narrow the time range or raise the ` +
              `timeout (jsonData.timeoutSeconds) in the datasource settings`,
            504,
            'downstream'
          )
        );
        controller.abort();
      }, timeoutMs);
    });
    try {
      // Analytic queries wait for a slot (admission.ts) and send their upstream requests in the bulk lane.
      const work = ANALYTIC_QUERY_TYPES.has(queryType)
        ? admitted(instance.analytics, { refId, user: queueKey(caller), timeoutMs, signal: controller.signal }, () =>
            runInLane('bulk', () => handler(ctx))
          )
        : handler(ctx);
      const frames = enforceAnswerLimits(await Promise.race([work, timeout]), answerLimits(instance));
      return okResponse(frames.map((f) => ({ ...f, refId: f.refId || q.refId })));
    } finally {
      clearTimeout(timer);
      cancelled?.removeEventListener('abort', onCancel);
      if (!controller.signal.aborted) controller.abort();
    }
  }

  async function answer(q: DataQuery, instance: DatasourceInstance, caller: Caller, cancelled?: AbortSignal) {
    const started = performance.now();
    let response: DataResponse;
    try {
      response = await runQuery(q, instance, caller, cancelled);
    } catch (err) {
      response = errorResponse(err);
    }
    response = scrubDataResponse(response, instance.scrub);
    const queryType = Object.hasOwn(handlers, queryTypeOf(q)) ? queryTypeOf(q) : 'unknown';
    metrics.queries.inc({ query_type: queryType, status: String(response.status) });
    metrics.queryDuration.observe({ query_type: queryType }, (performance.now() - started) / 1000);
    if (response.errorSource === 'downstream') metrics.upstreamErrors.inc({ query_type: queryType });
    return response;
  }

  return {
    newInstance: (settings) => createDatasourceInstance(settings),

    async queryData(req, instance, cancelled) {
      // Analytic queries queue per user (admission.ts); alert evaluations share one queue of their own.
      const caller: Caller = { fromAlert: isFromAlert(req.headers), user: req.pluginContext?.user?.login ?? '' };
      const answers = await Promise.all(req.queries.map((q) => answer(q, instance, caller, cancelled)));
      const out: Record<string, DataResponse> = {};
      req.queries.forEach((q, i) => (out[q.refId] = answers[i]!));
      return out;
    },

    async checkHealth(_ctx, instance) {
      let result;
      try {
        result = await checkHealth(instance);
      } catch (err) {
        result = {
          status: 'ERROR' as const,
          message: `Health check failed: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
      return scrubHealth(result, instance.scrub);
    },

    async callResource(req, instance, sender) {
      const scrubbing = {
        send: (chunk: Parameters<typeof sender.send>[0]) => sender.send(scrubResource(chunk, instance.scrub)),
      };
      const { route, status } = await routeResource(req, instance, scrubbing);
      metrics.resourceRequests.inc({ route, status: String(status) });
    },
  };
}
