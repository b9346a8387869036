// Panel ids are assigned by the layout (panels.ts), so they move when rows are added. Anything that
// points at a panel (alert annotations `__panelId__`, links with viewPanel) looks it up here by title.
import { anomaliesRootcause } from './defs/anomalies-rootcause';
import { costEfficiency } from './defs/cost-efficiency';
import { gpuFleet } from './defs/gpu-fleet';
import { instanceDetail } from './defs/instance-detail';
import { llmServingOverview } from './defs/llm-serving-overview';
import { modelDetail } from './defs/model-detail';
import { securityCompliance } from './defs/security-compliance';
import { tracesDashboard } from './defs/traces';
import type { Dashboard, Panel } from './model';

const BUILDERS = [
  llmServingOverview,
  modelDetail,
  instanceDetail,
  gpuFleet,
  costEfficiency,
  anomaliesRootcause,
  tracesDashboard,
  securityCompliance,
];

let built: Dashboard[] | undefined;

/** The id of the panel titled `title` on the dashboard `uid` (nested in collapsed rows too). */
export function panelId(uid: string, title: string): number {
  built ??= BUILDERS.map((b) => b());
  const d = built.find((x) => x.uid === uid);
  if (!d) throw new Error(`no dashboard ${uid}`);
  const all = (ps: Panel[]): Panel[] => ps.flatMap((p) => [p, ...all(p.panels ?? [])]);
  const matches = all(d.panels).filter((p) => p.title === title && p.type !== 'row');
  if (matches.length !== 1) throw new Error(`${matches.length} panels titled "${title}" on ${uid}`);
  return matches[0]!.id;
}
