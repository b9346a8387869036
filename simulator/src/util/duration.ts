// Durations like "1d2h30m", "45m", "15s", "500ms", optionally signed ("-6d4h", "+20m"), and times given
// either as such an offset from an anchor or as an ISO-8601 timestamp.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses a duration to milliseconds; throws a message naming the bad input. */
export function parseDuration(text: string, what = 'duration'): number {
  const s = String(text).trim();
  const m = /^([+-])?((?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+)$/.exec(s);
  if (!m) {
    throw new Error(`${what}: "${text}" is not a duration (use e.g. "45m", "2h30m", "1d", "-6d4h")`);
  }
  let total = 0;
  for (const part of m[2].matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(part[1]) * UNIT_MS[part[2]];
  }
  return m[1] === '-' ? -total : total;
}

/** A time: ISO timestamp (absolute) or signed duration relative to `anchorMs`. Returns epoch ms. */
export function parseTime(text: string | number, anchorMs: number, what = 'time'): number {
  if (typeof text === 'number') {
    // Bare numbers are epoch seconds or ms; guess by magnitude (ms after 2001 are > 1e12).
    return text > 1e12 ? text : text * 1000;
  }
  const s = String(text).trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new Error(`${what}: "${text}" is not a valid ISO-8601 time`);
    return t;
  }
  if (s === 'now' || s === '0') return anchorMs;
  return anchorMs + parseDuration(s, what);
}
