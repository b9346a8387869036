/**
 * Frame contract between the datasource's `rootcause` query type and the root-cause panel.
 *
 * Table frame named `rootcause`, one row per hypothesis:
 *   rank (number)             1 = most likely
 *   hypothesis (string)       the suspected cause, e.g. "KV-cache saturation on vllm-2"
 *   confidence (number, 0-1)
 *   evidence (string)         which signals moved, how far, when, e.g. "kv_cache_usage +38 pts at 14:02; preemption_rate x12"
 *   entity (string)           affected model / instance / GPU, e.g. "model=llama-3.1-70b instance=vllm-2:8000"
 *   first_deviation (time)    when the first evidence signal left its baseline
 *   action (string)           recommended next step
 *   trace_link (string url)   optional link to a representative trace ('' or null when none)
 *   signals (string)          optional: comma-separated signal ids of this hypothesis's evidence
 *
 * Evidence time series: one frame per moved signal, named `evidence:<signal id>`, fields
 *   time (time), value (number) with `labels` (the entity's normalized labels, optionally
 *   `hypothesis_rank` to tie it to one row), and
 *   meta.custom = { incidentStart: epoch ms, incidentEnd: epoch ms }.
 * The analysed target signal may come as one more `evidence:<signal>` frame with
 *   meta.custom.role = 'target'; it is drawn above the hypotheses, not under one.
 * The table's meta.custom also says what was found: `status` ('analysed', or 'no_incident' with no rows
 * when no series of the target moved beyond its normal range), `message` (the incident found, or why
 * none), `incidentOngoing` (true while it lasts) and `incidentSource` ('query' or 'detected').
 * A series belongs to a hypothesis when its `hypothesis_rank` label equals the row's rank, else when
 * its signal id is listed in `signals` or mentioned in `evidence`.
 */
import type { DataFrame } from '@grafana/data';

export const ROOTCAUSE_FRAME = 'rootcause';
export const EVIDENCE_PREFIX = 'evidence:';

export interface EvidenceSeries {
  signal: string;
  labels: Record<string, string>;
  points: Array<[number, number]>;
  incidentStart?: number;
  incidentEnd?: number;
  unit?: string;
}

export interface Hypothesis {
  rank: number;
  hypothesis: string;
  confidence: number;
  evidence: string;
  entity?: string;
  firstDeviation?: number;
  action?: string;
  traceLink?: string;
  evidenceSeries: EvidenceSeries[];
}

export interface RootCauseData {
  hypotheses: Hypothesis[];
  /** The analysed signal itself (frame with meta.custom.role = 'target'). */
  target?: EvidenceSeries;
  incidentStart?: number;
  incidentEnd?: number;
  /** 'no_incident': the query found nothing to explain in the range (a result, not an error). */
  status?: 'analysed' | 'no_incident';
  /** The incident found (where, since when, still going or ended), or why there is none. */
  message?: string;
  incidentOngoing?: boolean;
}

export function isRootCauseFrame(frame: DataFrame): boolean {
  return frame.name === ROOTCAUSE_FRAME;
}

export function isEvidenceFrame(frame: DataFrame): boolean {
  return (frame.name ?? '').startsWith(EVIDENCE_PREFIX);
}
