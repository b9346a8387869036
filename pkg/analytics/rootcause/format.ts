// Evidence sentences: numbers with three significant digits, times as UTC clock times.
import { formatEntity } from './topology';
import type { MovementScore } from './types';

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toString();
  return Number(v.toPrecision(3)).toString();
}

/** `10:32:05 UTC` (the panel shows the full timestamp in its own time zone). */
export function formatClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** "kv_cache_usage rose from 0.42 to 0.99 (14.2 IQR) at 10:32:00 UTC on instance=vllm-3" */
export function describeMovement(m: MovementScore): string {
  const verb = m.direction === 'up' ? 'rose' : 'fell';
  const when = m.firstDeviation ?? m.peakTime;
  const score = m.score >= 1000 ? '>1000' : formatNumber(m.score);
  return `${m.signal} ${verb} from ${formatNumber(m.baselineMedian)} to ${formatNumber(m.peakValue)} (${score} IQR) at ${formatClock(when)} on ${formatEntity(m.labels)}`;
}
