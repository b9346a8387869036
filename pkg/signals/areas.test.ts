import { describe, expect, it } from 'vitest';
import { LISTED_AREAS, SIGNAL_AREAS, signalArea } from './areas';
import { SIGNALS } from './catalog';

describe('signal areas', () => {
  it('lists every serving, GPU, HTTP and scrape signal explicitly (host signals are all Host)', () => {
    const unlisted = SIGNALS.filter((s) => s.domain !== 'host' && !LISTED_AREAS[s.id]).map((s) => s.id);
    expect(unlisted, 'add these to LISTED_AREAS in pkg/signals/areas.ts').toEqual([]);
    for (const s of SIGNALS.filter((x) => x.domain === 'host')) expect(signalArea(s)).toBe('Host');
  });
  it('groups the catalog into the areas an operator reads, none empty', () => {
    const used = new Set(SIGNALS.map(signalArea));
    expect([...SIGNAL_AREAS].filter((a) => !used.has(a))).toEqual([]);
    expect(signalArea({ id: 'ttft', domain: 'serving' })).toBe('Latency');
    expect(signalArea({ id: 'gpu_energy_rate', domain: 'gpu' })).toBe('Energy and cost');
  });
});
