// Generates every scenario of the incident suite with the simulator, writes them as Prometheus TSDB blocks
// into one data directory, and starts a real Prometheus over it plus the built backend executable.
//
// Time: every scenario runs at its fixed simulated time (scenarios.ts), so the numbers never depend on
// when the suite runs. The blocks are stored a whole number of weeks later, so that the newest scenario
// lies within the last 7 days, where the datasource's engine detection looks; whole weeks keep the time
// of day and the day of week, and the values are those of the simulated time whatever the shift.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeBackfill, type GroundTruth, type GroundTruthFault } from '../../simulator/src';
import { startPlugin, type PluginHandle } from '../../test/host';
import { startPrometheus, tempDir, type RunningService } from '../../test/support/services';
import {
  CONTROL,
  CONTROL_SLOT,
  controlSources,
  DAY,
  dayStartMs,
  HISTORY_MS,
  HOUR,
  INCIDENT_DAY_END_MS,
  incidentCases,
  incidentFleet,
  MIN,
  STEP_SECONDS,
  WEEK,
  type IncidentCase,
  type SourceSpec,
} from './scenarios';

export const SEED = 42;

export interface LoadedIncident {
  case: IncidentCase;
  truth: GroundTruth;
  fault: GroundTruthFault;
}

export interface LoadedSuite {
  prom: RunningService;
  plugin: PluginHandle;
  incidents: LoadedIncident[];
  control: { truth: GroundTruth; restart: GroundTruthFault; dayStartMs: number; dayEndMs: number };
  /** Stored time − simulated time (whole weeks). */
  shiftMs: number;
  /** Wall-clock seconds spent generating the blocks. */
  generateSeconds: number;
  samples: number;
  settings: { uid: string; url: string; jsonData: Record<string, unknown> };
  /** Seconds between the simulated fleet's samples (Prometheus' scrape interval and the datasource's). */
  scrapeSeconds: number;
  /** Sources the control day is scored on: those of this suite's incidents. */
  controlSources: SourceSpec[];
  stop(): Promise<void>;
}

/** Whole weeks that move the end of the newest scenario into the last week before `nowMs` (at least an hour ago). */
export function storageShiftMs(nowMs: number): number {
  const layoutEnd = dayStartMs(CONTROL_SLOT) + DAY;
  return Math.floor((nowMs - HOUR - layoutEnd) / WEEK) * WEEK;
}

/** The fault of incident `c` in slot `slot`, at its fixed simulated time. */
function incidentFault(c: IncidentCase, slot: number) {
  return { ...c.fault, id: c.id, start: new Date(dayStartMs(slot) + c.startMinute * MIN).toISOString() };
}

export interface LoadOptions {
  /** "Now" for the storage shift (default the wall clock). */
  nowMs?: number;
  /** Scrape interval of the simulated fleet (default STEP_SECONDS, 15 s). */
  scrapeSeconds?: number;
  /** Which incidents (see incidentCases; default `INCIDENT_VARIANT` of the environment). */
  variant?: string;
  /**
   * Hours of data before each incident, and none before the control day (a fresh install: Prometheus
   * started shortly before). Default: two days before every scenario day (HISTORY_MS).
   */
  historyHours?: number;
}

export async function loadSuite({ nowMs = Date.now(), scrapeSeconds = STEP_SECONDS, variant, historyHours }: LoadOptions = {}): Promise<LoadedSuite> {
  const chosen = variant ?? process.env.INCIDENT_VARIANT ?? '';
  const cases = incidentCases({ INCIDENT_VARIANT: chosen });
  // One week per incident, then the control day: an incident in the control's week would be overwritten.
  if (cases.length > CONTROL_SLOT) throw new Error(`${cases.length} incidents do not fit before the control day (slot ${CONTROL_SLOT})`);
  const work = tempDir('incidents');
  const tsdb = path.join(work, 'tsdb');
  mkdirSync(tsdb);
  const shiftMs = storageShiftMs(nowMs);
  const fleet = incidentFleet(chosen);
  const t0 = performance.now();
  let samples = 0;
  const backfill = async (name: string, end: number, durationMs: number, faults: ReturnType<typeof incidentFault>[]) => {
    const res = await writeBackfill({
      out: tsdb,
      format: 'tsdb',
      fleet,
      seed: SEED,
      stepSeconds: scrapeSeconds,
      duration: `${durationMs / MIN}m`,
      end,
      shiftMs,
      scrapeHealth: true,
      scenario: { name, faults },
      sensitive: 0,
      groundTruthFile: path.join(work, `${name}.ground-truth.json`),
    });
    samples += res.samples;
    return res.groundTruth;
  };
  const stops: Array<() => Promise<void>> = [async () => rmSync(work, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const incidents: LoadedIncident[] = [];
    for (const [slot, c] of cases.entries()) {
      const main = incidentFault(c, slot);
      const followUps = (c.followUps ?? []).map(({ afterMinutes, ...f }, k) => ({ ...f, id: `${c.id}-then-${k}`, start: new Date(Date.parse(main.start) + afterMinutes * MIN).toISOString() }));
      const end = dayStartMs(slot) + INCIDENT_DAY_END_MS;
      const from = historyHours === undefined ? dayStartMs(slot) - HISTORY_MS : Date.parse(main.start) - historyHours * HOUR;
      const truth = await backfill(c.id, end, end - from, [main, ...followUps]);
      incidents.push({ case: c, truth, fault: truth.faults[0] });
    }
    const day = dayStartMs(CONTROL_SLOT);
    const restart = { ...CONTROL.restart, id: 'control-restart', start: new Date(day + CONTROL.restartMinute * MIN).toISOString() };
    const controlTruth = await backfill(CONTROL.id, day + DAY, (historyHours === undefined ? HISTORY_MS : 0) + DAY, [restart]);
    const generateSeconds = (performance.now() - t0) / 1000;

    const prom = await startPrometheus({ tsdbDir: tsdb, scrapeInterval: `${scrapeSeconds}s` });
    stops.push(() => prom.stop());
    const plugin = await startPlugin();
    stops.push(() => plugin.close());
    return {
      prom,
      plugin,
      incidents,
      control: { truth: controlTruth, restart: controlTruth.faults[0], dayStartMs: day + shiftMs, dayEndMs: day + DAY + shiftMs },
      shiftMs,
      generateSeconds,
      samples,
      settings: { uid: 'incident-suite', url: prom.url, jsonData: { timeInterval: `${scrapeSeconds}s` } },
      scrapeSeconds,
      controlSources: controlSources(cases),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
