// The backend's "now": the system clock, unless LLMOPS_CLOCK_START is set (an ISO-8601 time or epoch
// milliseconds). Then the clock starts at that time when the process starts and advances in real time,
// so recorded or simulated history can be served as if it were current: engine detection, the health
// check and resource routes without a range all look back from it. Tests use it to anchor their data
// to a fixed scenario time; queries from Grafana carry their own range and never read it.

export const CLOCK_START_ENV = 'LLMOPS_CLOCK_START';

let offsetMs = 0;

/** Epoch ms on the backend's clock. */
export function now(): number {
  return Date.now() + offsetMs;
}

/** Parses LLMOPS_CLOCK_START; throws a message naming the variable and the accepted forms. */
export function parseClockStart(text: string): number {
  const s = text.trim();
  const ms = /^\d+$/.test(s) ? Number(s) : /^\d{4}-\d{2}-\d{2}T/.test(s) ? Date.parse(s) : NaN;
  if (!Number.isFinite(ms)) {
    throw new Error(`${CLOCK_START_ENV}="${text.slice(0, 64)}" is neither an ISO-8601 time (2026-01-07T22:00:00Z) nor epoch milliseconds`);
  }
  return ms;
}

/** Starts the clock at `text` (unset or empty: the system clock). Returns the start, if any. */
export function startClockAt(text: string | undefined, systemNowMs = Date.now()): number | undefined {
  if (text === undefined || text.trim() === '') {
    offsetMs = 0;
    return undefined;
  }
  const start = parseClockStart(text);
  offsetMs = start - systemNowMs;
  return start;
}
