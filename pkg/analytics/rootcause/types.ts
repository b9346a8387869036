// Inputs and outputs of the root-cause analysis. Everything is plain data so the analysis stays a pure
// function: the query handler fetches series and spans, this package only reasons about them.

/** Normalized labels (model, instance, gpu, gpu_model, hostname, version …). */
export type Labels = Record<string, string>;

/** One candidate (or target) series: a signal id, its normalized labels and aligned points (epoch ms). */
export interface SignalSeries {
  signal: string;
  labels: Labels;
  times: number[];
  values: Array<number | null>;
  /** Smallest spread treated as meaningful, in the signal's unit (the IQR floor). */
  minScale?: number;
  /** Unit (`s`, `ms`, `percent`, `ratio`, `bytes` …) when known; else guessed from the signal name. */
  unit?: string;
  /** Span each value summarizes (the rate window of a counter or histogram), ms; undefined for instant gauges. */
  windowMs?: number;
}

export interface TimeWindow {
  start: number;
  end: number;
}

/** BARO-style robust score of one series: how far it moved from its pre-incident behaviour. */
export interface MovementScore {
  signal: string;
  labels: Labels;
  /** max |x − median| / scale over the incident window (scale = IQR with a floor). */
  score: number;
  direction: 'up' | 'down';
  baselineMedian: number;
  /** The scale actually used (IQR or its floor). */
  scale: number;
  /** Value at the largest deviation. */
  peakValue: number;
  peakTime: number;
  /** Median over the incident window. */
  incidentMedian: number;
  /** First incident-window time the deviation reached the threshold (in the peak's direction), else null. */
  firstDeviation: number | null;
  /** How far the peak went beyond the baseline's own min–max range, in scale units (0 when inside it). */
  exceedance?: number;
  /** Incident points at or beyond the threshold in the peak's direction, and all incident points. */
  deviatingPoints?: number;
  incidentPoints?: number;
  /** Level relative effects are measured against when not |baselineMedian|: a percentage near 100 % uses its distance from 100 %. */
  level?: number;
  /** Start of a run of points before the window already deviating the incident's way, begun well before it. */
  heldSince?: number;
  /** Fewest deviating points that make a sustained move at this series' sample spacing (2, or 1 for samples of 2 minutes or more). */
  requiredPoints?: number;
}

/** Per (service, operation) exclusive self-time change between a baseline and the incident. */
export interface SelfTimeShift {
  service: string;
  operation: string;
  /** Entity labels of the emitting process, when the spans carried them. */
  entity?: Labels;
  baselineCount: number;
  incidentCount: number;
  /** Mean exclusive self-time, ms. */
  baselineMeanMs: number;
  incidentMeanMs: number;
  /** incidentMean / max(baselineMean, floor). */
  growth: number;
  /** Extra self-time spent during the incident: (incidentMean − baselineMean) × incidentCount, ms. */
  excessMs: number;
  /** Trace with the largest self-time of this operation during the incident. */
  exampleTraceId?: string;
}

export type HypothesisId =
  | 'gpu_overload'
  | 'kv_cache_saturation'
  | 'gpu_underutilization'
  | 'xid_error'
  | 'thermal_throttling'
  | 'traffic_surge'
  | 'slow_dependency_span'
  | 'bad_deploy'
  | 'memory_pressure'
  | 'instance_down'
  | 'engine_stall'
  | 'process_restart'
  | 'gpu_memory_leak'
  | 'error_burst'
  | 'unknown';

/** A series with no data over part of the analysis: missing data is evidence (a target that went down). */
export interface SilentSeries {
  signal: string;
  labels: Labels;
  /** First missing sample. */
  from: number;
  /** Last missing sample (the end of the data when it never came back). */
  to: number;
  /** True when it had not come back by the end of the data. */
  ongoing: boolean;
}

/**
 * A process restart or rollout as a fleet shows it: `process_start_time_seconds` changed, a counter
 * reset, or a new `version` / image / served-model-name label value on the same entity.
 */
export interface RestartEvent {
  kind: 'process_start' | 'counter_reset' | 'version_change' | 'model_rename';
  labels: Labels;
  at: number;
  /** Old and new label value for version changes and renames. */
  from?: string;
  to?: string;
}

/** A series that rose steadily (a leak) and then dropped (a crash and restart released it). */
export interface LeakTrend {
  signal: string;
  labels: Labels;
  riseStart: number;
  peakTime: number;
  startValue: number;
  peakValue: number;
  /** Minutes of the rise. */
  minutes: number;
  /** Share of steps in the rise that went up. */
  upShare: number;
  /** When the value fell back (the crash), null while it is still rising. */
  dropTime: number | null;
  dropValue: number | null;
}

export interface RankedHypothesis {
  rank: number;
  id: HypothesisId;
  title: string;
  /** 0–1: pattern match × evidence strength. */
  confidence: number;
  /** Human-readable evidence sentences. */
  evidence: string[];
  /** Labels of the entity the cause is placed on. */
  entity: Labels;
  firstDeviation: number | null;
  action: string;
  traceId?: string;
  /** Signals used as evidence (for the evidence series frames). */
  signals: Array<{ signal: string; labels: Labels }>;
}

/** One caller → callee edge of the service call graph (from trace spans or Jaeger's dependencies API). */
export interface ServiceEdge {
  caller: string;
  callee: string;
  /** Calls seen on this edge, when known. */
  calls?: number;
  /** Operations of the callee reached through this edge, most called first, when known. */
  operations?: string[];
}

/** A service's place in the call-graph ranking. */
export interface ServiceRank {
  service: string;
  /** Largest robust score among the service's series (0 when none of its series was scored). */
  score: number;
  /** The score reached the threshold and the peak left the baseline's own range. */
  anomalous: boolean;
  /** Anomalous, and no service it calls (directly or further down) is: the most downstream suspect. */
  root: boolean;
  /** Anomalous services it calls, directly or further down. */
  anomalousDownstream: string[];
  /** The movement behind the score. */
  top: MovementScore | null;
  /** Operations of this service that callers reach, most called first (from the graph). */
  operations: string[];
}
