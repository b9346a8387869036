// The query model: one zod schema per query type. The backend validates every query with these, the
// frontend imports the inferred types (`import type`), so both sides share one definition.
// Field names listed in DESIGN.md are fixed; new optional fields may be added.
import { z } from 'zod';
import {
  AGGREGATIONS,
  COMPLIANCE_KINDS,
  COST_INSTANT_VIEWS,
  COST_METRIC_VIEWS,
  COST_METRICS,
  COST_VIEWS,
  DEFAULT_COST_METRIC,
  LABEL_NAME_PATTERN,
  MAX_EPOCH_MS,
  SIGNAL_IDS,
} from './ids';
import { filterRegex, quoteInput, regexProblem } from './regex';

const labelName = z
  .string()
  .regex(LABEL_NAME_PATTERN, 'label names must match [a-zA-Z_][a-zA-Z0-9_]* (letters, digits, underscore)')
  // As an object key it would set the prototype instead of naming a filter (and `__` names are Prometheus's own).
  .refine((n) => n !== '__proto__', 'label name "__proto__" is not allowed');

/**
 * A filter on one normalized label:
 * - `"value"`: exact match; `"/regex/"`: regex match (fully anchored, RE2 syntax);
 * - `["a", "b"]`: any of these exact values (multi-value template variables);
 * - `{ op, value }`: explicit matcher, op one of `=`, `!=`, `=~`, `!~`.
 */
export const filterValueSchema = z
  .union([
    z.string().max(4096),
    z.array(z.string().max(4096)).max(1000),
    z.object({ op: z.enum(['=', '!=', '=~', '!~']), value: z.string().max(4096) }),
  ])
  .superRefine((f, ctx) => {
    // Checked here, so an invalid regex fails the query even when no engine has the signal.
    const re = filterRegex(f);
    const problem = re === undefined ? undefined : regexProblem(re);
    if (problem) ctx.addIssue({ code: 'custom', message: `regex ${quoteInput(re!, 64)} ${problem}` });
  });

// A `__proto__` key never gets here: zod would drop it silently, so the query parser rejects it (wire.ts).
const filtersSchema = z
  .record(labelName, filterValueSchema)
  .refine((f) => Object.keys(f).length <= 32, 'at most 32 filters');

/** Fields Grafana puts on every query (plus anything else it adds, kept as is). */
const baseFields = {
  refId: z.string().default('A'),
  /** One value per series at the end of the range (for stat panels and alert rules). */
  instant: z.boolean().optional().default(false),
  hide: z.boolean().optional(),
  datasource: z.unknown().optional(),
  intervalMs: z.number().optional(),
  maxDataPoints: z.number().optional(),
};

const signalFields = {
  signal: z.enum(SIGNAL_IDS),
  /** Default depends on the signal (p95 for latencies, rate for counters, avg for gauges …). */
  aggregation: z.enum(AGGREGATIONS).optional(),
  groupBy: z.array(labelName).max(16).optional().default([]),
  filters: filtersSchema.optional().default({}),
  /** Optional `{{label}}` template for series names (like Prometheus' legend format). */
  legendFormat: z.string().max(512).optional(),
  /**
   * `heatmap` (histogram signals, range queries): one frame of per-bucket rates, one field per upper
   * bound (`le`), for Grafana's heatmap panel.
   */
  format: z.enum(['heatmap']).optional(),
};

const promqlFields = {
  expr: z.string().trim().min(1, 'expr is empty: enter a PromQL expression').max(20_000),
  legendFormat: z.string().max(512).optional(),
  /** Lower bound for the step, e.g. `30s` (Grafana's "Min step"). */
  minStep: z
    .string()
    .regex(/^(\d+(ms|s|m|h|d))+$/, 'minStep must be a duration like 30s or 1m')
    .optional(),
};

export const promqlQuerySchema = z.looseObject({ ...baseFields, queryType: z.literal('promql'), ...promqlFields });
export const signalQuerySchema = z.looseObject({ ...baseFields, queryType: z.literal('signal'), ...signalFields });

/** A `signal` or `promql` query without refId: the input of anomaly and root-cause queries. */
export const sourceQuerySchema = z.discriminatedUnion('queryType', [
  z.looseObject({ queryType: z.literal('signal'), instant: z.boolean().optional(), ...signalFields }),
  z.looseObject({ queryType: z.literal('promql'), instant: z.boolean().optional(), ...promqlFields }),
]);

export const detectorSchema = z.looseObject({
  /** 0 = flag only extreme deviations, 1 = flag small ones. */
  sensitivity: z.number().min(0).max(1).optional().default(0.5),
  /** Algorithm name; the anomaly handler documents the accepted values. */
  method: z.string().max(64).optional(),
  /** Seasonal baseline: `auto` (daily when enough history), `none`, `daily` or `weekly`. */
  seasonality: z.enum(['auto', 'none', 'daily', 'weekly']).optional(),
  /** History the detector reads before the end of the range, e.g. `3d` (default by seasonality). */
  history: z
    .string()
    .regex(/^(\d+(m|h|d|w))+$/, 'history must be a duration like 12h, 3d or 2w')
    .optional(),
  /** Operational detector: how long a new level must hold before it becomes the baseline (default `2h`). */
  adaptAfter: z
    .string()
    .regex(/^(\d+(m|h|d|w))+$/, 'adaptAfter must be a duration like 30m, 2h or 1d')
    .optional(),
  /** `history` (default): each series against its own past; `peers`: each series against the others of its group. */
  mode: z.enum(['history', 'peers']).optional(),
  /** Peers mode: labels whose values define a group of peers, e.g. ['model'] (replicas) or ['hostname'] (GPUs). */
  peerGroup: z.array(z.string().min(1).max(128)).min(1).max(8).optional(),
  /** Operational detector: trailing window the baseline is the median of (default `1h`). */
  baselineWindow: z
    .string()
    .regex(/^(\d+(m|h|d|w))+$/, 'baselineWindow must be a duration like 30m or 1h')
    .optional(),
});

export const anomalyQuerySchema = z.looseObject({
  ...baseFields,
  queryType: z.literal('anomaly'),
  source: sourceQuerySchema,
  detector: detectorSchema.optional().default({ sensitivity: 0.5 }),
});

export const rootcauseQuerySchema = z.looseObject({
  ...baseFields,
  queryType: z.literal('rootcause'),
  target: z.looseObject({ queryType: z.literal('signal').optional().default('signal'), ...signalFields }),
  incidentStart: z.number().int().nonnegative().max(MAX_EPOCH_MS, 'must be epoch milliseconds before 2262').optional(),
  incidentEnd: z.number().int().nonnegative().max(MAX_EPOCH_MS, 'must be epoch milliseconds before 2262').optional(),
});

const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

export const costQuerySchema = z
  .looseObject({
    ...baseFields,
    queryType: z.literal('cost'),
    view: z.enum(COST_VIEWS).optional().default('summary'),
    /**
     * Which part of the fleet to cost, by normalized label (`model`, `namespace`, `gpu_model`, `hostname`,
     * `instance`, `engine`, `pod` or any other label the series carry); same forms as signal filters.
     */
    filters: filtersSchema.optional().default({}),
    /** Instant only: which number per series (default `cost_per_million_tokens`); ids.ts gives the units. */
    metric: z
      .enum(COST_METRICS, {
        error: (iss) =>
          `unknown metric ${typeof iss.input === 'string' ? quoteInput(iss.input, 64) : `(a ${Array.isArray(iss.input) ? 'list' : typeof iss.input})`}: expected one of ${quoted(COST_METRICS)}`,
      })
      .optional(),
  })
  .superRefine((q, ctx) => {
    // Only instant queries reduce to one number; table views ignore `metric`.
    if (!q.instant) return;
    const view = q.view as string;
    if (!(COST_INSTANT_VIEWS as readonly string[]).includes(view)) {
      ctx.addIssue({
        code: 'custom',
        path: ['view'],
        message: `an instant cost query needs view ${quoted(COST_INSTANT_VIEWS)} (got "${view}"); turn instant off for "${view}"`,
      });
      return;
    }
    const metric = q.metric ?? DEFAULT_COST_METRIC;
    const views = COST_METRIC_VIEWS[metric] as readonly string[];
    if (!views.includes(view)) {
      const here = COST_METRICS.filter((m) => (COST_METRIC_VIEWS[m] as readonly string[]).includes(view));
      ctx.addIssue({
        code: 'custom',
        path: ['metric'],
        message: `"${metric}" is not computed for view "${view}" (only for ${quoted(views)}); for "${view}" choose one of ${quoted(here)}`,
      });
    }
  });

/** Jaeger/Go duration: 500ms, 1.5s, 2m, 100us. */
const durationPattern = /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/;

export const tracesQuerySchema = z.looseObject({
  ...baseFields,
  queryType: z.literal('traces'),
  service: z.string().trim().min(1, 'choose a service').max(512),
  operation: z.string().max(1024).optional(),
  tags: z.record(z.string().max(256), z.string().max(1024)).optional().default({}),
  minDuration: z.string().regex(durationPattern, 'minDuration must be a duration like 500ms or 2s').optional(),
  maxDuration: z.string().regex(durationPattern, 'maxDuration must be a duration like 500ms or 2s').optional(),
  limit: z.number().int().min(1).max(1500).optional().default(20),
});

export const traceQuerySchema = z.looseObject({
  ...baseFields,
  queryType: z.literal('trace'),
  traceId: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{1,32}$/, 'traceId must be 1–32 hexadecimal characters'),
});

export const complianceQuerySchema = z.looseObject({
  ...baseFields,
  queryType: z.literal('compliance'),
  /** Jaeger service whose traces are scanned; empty = every service Jaeger knows. */
  service: z.string().trim().max(512).optional().default(''),
  operation: z.string().max(1024).optional(),
  /** Traces per service (the most recent in the range). */
  limit: z.number().int().min(1).max(1500).optional().default(100),
  /** Only these kinds (default: all). */
  kinds: z.array(z.enum(COMPLIANCE_KINDS)).max(COMPLIANCE_KINDS.length).optional(),
  /** `findings`: one row per finding; `over_time`: findings per kind per time bucket. */
  view: z.enum(['findings', 'over_time']).optional().default('findings'),
});

export const querySchemas = {
  promql: promqlQuerySchema,
  signal: signalQuerySchema,
  anomaly: anomalyQuerySchema,
  rootcause: rootcauseQuerySchema,
  cost: costQuerySchema,
  traces: tracesQuerySchema,
  trace: traceQuerySchema,
  compliance: complianceQuerySchema,
} as const;

// What an editor stores (defaults optional) …
export type PromqlQuery = z.input<typeof promqlQuerySchema>;
export type SignalQuery = z.input<typeof signalQuerySchema>;
export type AnomalyQuery = z.input<typeof anomalyQuerySchema>;
export type RootcauseQuery = z.input<typeof rootcauseQuerySchema>;
export type CostQuery = z.input<typeof costQuerySchema>;
export type TracesQuery = z.input<typeof tracesQuerySchema>;
export type TraceQuery = z.input<typeof traceQuerySchema>;
export type ComplianceQuery = z.input<typeof complianceQuerySchema>;
export type SourceQuery = z.input<typeof sourceQuerySchema>;
export type FilterValue = z.infer<typeof filterValueSchema>;
export type LlmopsQuery =
  PromqlQuery | SignalQuery | AnomalyQuery | RootcauseQuery | CostQuery | TracesQuery | TraceQuery | ComplianceQuery;

// … and what a handler receives after validation (defaults filled in).
export type ParsedPromqlQuery = z.output<typeof promqlQuerySchema>;
export type ParsedSignalQuery = z.output<typeof signalQuerySchema>;
export type ParsedAnomalyQuery = z.output<typeof anomalyQuerySchema>;
export type ParsedRootcauseQuery = z.output<typeof rootcauseQuerySchema>;
export type ParsedCostQuery = z.output<typeof costQuerySchema>;
export type ParsedTracesQuery = z.output<typeof tracesQuerySchema>;
export type ParsedTraceQuery = z.output<typeof traceQuerySchema>;
export type ParsedComplianceQuery = z.output<typeof complianceQuerySchema>;
export type ParsedSourceQuery = z.output<typeof sourceQuerySchema>;
