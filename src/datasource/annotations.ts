/**
 * Turns anomaly query frames into annotation windows: each run of consecutive flagged points in a
 * series becomes one region annotation. Frames that already are annotations (`meta.dataTopic:
 * annotations` or a `timeEnd` field, as the anomaly query returns) are read as-is and then win.
 */
import { FieldType, type AnnotationEvent, type DataFrame, type Field } from '@grafana/data';

const FLAG_FIELD = /^(flag|anomaly|is_anomaly)$/i;
const SCORE_FIELD = /score/i;

function fieldByName(frame: DataFrame, re: RegExp): Field | undefined {
  return frame.fields.find((f) => re.test(f.name) || re.test(f.config?.displayName ?? ''));
}

function seriesName(frame: DataFrame): string {
  const labels = frame.fields.find((f) => f.labels && Object.keys(f.labels).length > 0)?.labels;
  if (labels) {
    return Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  }
  return frame.name ?? 'series';
}

function readAnnotationFrame(frame: DataFrame): AnnotationEvent[] {
  const time = frame.fields.find((f) => f.name === 'time');
  const timeEnd = frame.fields.find((f) => f.name === 'timeEnd');
  // The backend frame has both `title` (short) and `text` (the evidence): prefer `text` for the body.
  const title = frame.fields.find((f) => f.name === 'title');
  const text = frame.fields.find((f) => f.name === 'text') ?? title;
  if (!time) {
    return [];
  }
  return Array.from({ length: frame.length }, (_, i) => ({
    time: Number(time.values[i]),
    timeEnd: timeEnd ? Number(timeEnd.values[i]) : undefined,
    isRegion: Boolean(timeEnd),
    ...(title ? { title: String(title.values[i]) } : {}),
    text: text ? String(text.values[i]) : 'Anomaly',
    tags: ['anomaly'],
  }));
}

/** Windows of consecutive flagged points; `stepMs` extends a one-point window so it stays visible. */
export function anomalyWindows(frame: DataFrame): AnnotationEvent[] {
  const time = frame.fields.find((f) => f.type === FieldType.time);
  const flag = fieldByName(frame, FLAG_FIELD);
  if (!time || !flag) {
    return [];
  }
  const score = fieldByName(frame, SCORE_FIELD);
  const name = seriesName(frame);
  const events: AnnotationEvent[] = [];
  let start = -1;
  let peak = 0;
  const close = (endIdx: number) => {
    const from = Number(time.values[start]);
    const to = Number(time.values[endIdx]);
    events.push({
      time: from,
      timeEnd: to,
      isRegion: true,
      text: `Anomaly in ${name}${score ? ` (peak score ${peak.toFixed(2)})` : ''}`,
      tags: ['anomaly'],
    });
  };
  for (let i = 0; i < frame.length; i++) {
    const flagged = Number(flag.values[i]) > 0 || flag.values[i] === true;
    if (flagged) {
      if (start < 0) {
        start = i;
        peak = 0;
      }
      peak = Math.max(peak, Number(score?.values[i] ?? 0));
    } else if (start >= 0) {
      close(i - 1);
      start = -1;
    }
  }
  if (start >= 0) {
    close(frame.length - 1);
  }
  return events;
}

function isAnnotationFrame(frame: DataFrame): boolean {
  return frame.meta?.dataTopic === 'annotations' || frame.fields.some((f) => f.name === 'timeEnd');
}

/**
 * The backend's annotations frame already holds every anomaly window; deriving windows from the flag
 * runs as well would draw each one twice. Flag runs are only the fallback when no such frame came back.
 */
export function framesToAnnotations(frames: DataFrame[]): AnnotationEvent[] {
  const ready = frames.filter(isAnnotationFrame);
  if (ready.length > 0) {
    return ready.flatMap(readAnnotationFrame);
  }
  return frames.flatMap(anomalyWindows);
}
