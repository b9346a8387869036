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
  | 'unknown';

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
