// "No cause found" on healthy simulator data: the root-cause bench's histories (every fault kind once
// per seed, 35 quiet minutes after each), analysed through the rootcause handler over windows inside
// those quiet gaps. A healthy answer: no hypothesis above confidence 0 (the "no cause found" row).
import { GAP_MIN, loadHistories, runViaHandler, SEEDS, STEP_SECONDS, type RcaQuery } from './rootcause.bench';
import type { BenchRow } from './run';

/** A 5-minute window 25 minutes after each fault ended (the next starts 35 minutes after), its baseline from 5 minutes after the end. */
export function healthyQueries(faultEnds: number[], targets = ['e2e_latency', 'ttft', 'error_ratio']): RcaQuery[] {
  return faultEnds.flatMap((end) =>
    targets.map((signal) => ({
      model: { target: { signal, groupBy: ['model', 'instance'] }, incidentStart: end + 25 * 60_000, incidentEnd: end + 30 * 60_000 },
      from: end + 5 * 60_000,
      to: end + 30 * 60_000 + STEP_SECONDS * 1000,
    }))
  );
}

export default async function run(): Promise<BenchRow[]> {
  if (GAP_MIN < 30) throw new Error('the quiet gap after each fault is shorter than the healthy window needs');
  const h = await loadHistories(SEEDS.slice(0, 2));
  try {
    const queries = healthyQueries(h.truths.flatMap((t) => t.faults.map((f) => f.endMs)));
    let quiet = 0;
    const noisy: string[] = [];
    for (const q of queries) {
      const rows = await runViaHandler(h, q);
      if (!rows.some((r) => r.confidence > 0)) quiet++;
      else noisy.push(`${rows[0].id}@${rows[0].confidence}`);
    }
    return [
      {
        name: 'healthy windows answered "no cause"',
        value: quiet / queries.length,
        unit: 'share',
        note: `${quiet}/${queries.length} windows; goal ≥ 0.9${noisy.length ? `; others: ${noisy.slice(0, 4).join(', ')}` : ''}`,
      },
    ];
  } finally {
    await h.stop();
  }
}
