import { describe, expect, it } from 'vitest';
import { buildSignal, type Availability } from '../../signals/build';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import { FAMILIES } from '../../signals/families';
import { targetCoverageNotices } from './target-coverage';

function avail(metrics: string[]): Availability {
  const names = new Set(metrics);
  const families = new Set(FAMILIES.filter((f) => metrics.some((m) => f.marker.test(m))).map((f) => f.id));
  return { families, hasMetric: (m) => names.has(m), familyLabels: () => undefined };
}
const hist = (base: string) => [`${base}_bucket`, `${base}_sum`, `${base}_count`];
// vLLM and TGI as they export: TGI has request, queue and prefill histograms but no TTFT histogram.
const fleet = avail([
  ...hist('vllm:time_to_first_token_seconds'),
  ...hist('vllm:e2e_request_latency_seconds'),
  ...hist('tgi_request_duration'),
  ...hist('tgi_request_queue_duration'),
  ...hist('tgi_batch_forward_duration'),
  'tgi_request_count',
  'tgi_request_success',
]);

describe('root-cause target coverage', () => {
  it('says that TTFT p95 leaves TGI out and that E2E latency covers it', () => {
    const built = buildSignal({ def: SIGNAL_BY_ID.get('ttft')!, aggregation: 'p95', rateWindow: '1m', available: fleet });
    expect(built.expr).toBeDefined();
    const notices = targetCoverageNotices({ signal: 'ttft', aggregation: 'p95' }, built.skipped, fleet);
    expect(notices).toHaveLength(1);
    expect(notices[0].severity).toBe('info');
    expect(notices[0].text).toMatch(/^TGI has no Time to first token p95 \(.+\)\. Its models were not searched for an incident: pick End-to-end latency as the target to include them\.$/);
  });
  it('is silent when the target covers every engine present', () => {
    const built = buildSignal({ def: SIGNAL_BY_ID.get('e2e_latency')!, aggregation: 'p95', rateWindow: '1m', available: fleet });
    expect(targetCoverageNotices({ signal: 'e2e_latency', aggregation: 'p95' }, built.skipped, fleet)).toEqual([]);
  });
});
