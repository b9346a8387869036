import { describe, expect, it } from 'vitest';
import { addPeerEvidence, peerDeparture } from './peer-evidence';
import type { RankedHypothesis, SignalSeries } from './types';

const STEP = 15_000;
const T0 = Date.UTC(2026, 0, 7, 12);
const N = 480;
const WINDOW = { start: T0 + 360 * STEP, end: T0 + 479 * STEP };

function kv(instance: string, model: string, high: (i: number) => boolean): SignalSeries {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < N; i++) {
    times.push(T0 + i * STEP);
    values.push((high(i) ? 0.95 : 0.4) + 0.02 * Math.sin(i / 7 + instance.length));
  }
  return { signal: 'kv_cache_usage', labels: { model, instance }, times, values };
}

const inWindow = (i: number) => i >= 360;

function hypothesis(instance: string): RankedHypothesis {
  return {
    rank: 1,
    id: 'kv_cache_saturation',
    title: 'KV-cache saturation',
    confidence: 0.9,
    evidence: ['kv_cache_usage rose'],
    entity: { model: 'm', instance },
    firstDeviation: WINDOW.start,
    action: 'scale out',
    signals: [{ signal: 'kv_cache_usage', labels: { model: 'm', instance } }],
  };
}

describe('peer evidence for root cause', () => {
  it('says when the hypothesis instance departs from the other replicas of its model', () => {
    const fleet = [kv('a:8000', 'm', inWindow), kv('b:8000', 'm', () => false), kv('c:8000', 'm', () => false), kv('d:8000', 'm', () => false)];
    const s = peerDeparture('kv_cache_usage', { model: 'm', instance: 'a:8000' }, fleet, WINDOW);
    expect(s).toMatch(/kv_cache_usage on a:8000 departed from its 3 peers serving m/);
    const h = [hypothesis('a:8000')];
    addPeerEvidence(h, fleet, WINDOW);
    expect(h[0].evidence).toHaveLength(2);
  });

  it('says nothing when every replica moved together (a fleet-wide surge), or about a replica that stayed put', () => {
    const together = ['a', 'b', 'c', 'd'].map((x) => kv(`${x}:8000`, 'm', inWindow));
    expect(peerDeparture('kv_cache_usage', { model: 'm', instance: 'a:8000' }, together, WINDOW)).toBeNull();
    const one = [kv('a:8000', 'm', inWindow), kv('b:8000', 'm', () => false), kv('c:8000', 'm', () => false), kv('d:8000', 'm', () => false)];
    expect(peerDeparture('kv_cache_usage', { model: 'm', instance: 'b:8000' }, one, WINDOW)).toBeNull();
  });

  it('needs at least two peers and a model and instance to compare', () => {
    const two = [kv('a:8000', 'm', inWindow), kv('b:8000', 'm', () => false)];
    expect(peerDeparture('kv_cache_usage', { model: 'm', instance: 'a:8000' }, two, WINDOW)).toBeNull();
    const other = [kv('a:8000', 'm', inWindow), kv('b:8000', 'x', () => false), kv('c:8000', 'x', () => false)];
    expect(peerDeparture('kv_cache_usage', { model: 'm', instance: 'a:8000' }, other, WINDOW)).toBeNull();
    expect(peerDeparture('kv_cache_usage', { instance: 'a:8000' }, other, WINDOW)).toBeNull();
  });
});
