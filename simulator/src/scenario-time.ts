// The fixed time that test and benchmark histories end at. Backfilled history, every scripted fault
// (scenario offsets are relative to the end) and the daily and weekly traffic shape then land at the
// same instants on every run, whatever the hour or day the run happens at.

/**
 * Wednesday 2026-01-07 22:00 UTC: a weekday evening, so the last hours hold the afternoon peak and its
 * decline and the 7-day demo history spans one weekend.
 */
export const SCENARIO_END_MS = Date.UTC(2026, 0, 7, 22, 0, 0);

/** `SCENARIO_END_MS` as ISO-8601, for the backend's `LLMOPS_CLOCK_START` and for messages. */
export const SCENARIO_END_ISO = new Date(SCENARIO_END_MS).toISOString();
