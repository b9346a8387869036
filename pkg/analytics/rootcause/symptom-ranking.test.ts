// The call-graph ranking when the symptom is known, and the scoring rules that PetShop (real AWS data
// at 5-minute periods) showed were missing: each test fails with its rule removed.
import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import { scoreMovement } from './robust';
import { explainedAbove, isCallerViewNode, isImprovement, movedBeyondNormal, rankServices, symptomKindOf } from './service-graph';
import { symptomOf } from './symptom';
import type { MovementScore, ServiceEdge, SignalSeries } from './types';

const MIN = 60_000;

const move = (service: string, signal: string, score: number, o: Partial<MovementScore> = {}): MovementScore => ({
  signal,
  labels: { service },
  score,
  direction: 'up',
  baselineMedian: 1,
  scale: 0.1,
  peakValue: 1 + score * 0.1,
  peakTime: 0,
  incidentMedian: 1 + score * 0.1,
  firstDeviation: 0,
  exceedance: score,
  ...o,
});

/** Evenly spaced series from t = 0. */
function series(service: string, signal: string, values: Array<number | null>, stepMs: number, unit?: string): SignalSeries {
  return { signal, labels: { service }, times: values.map((_, i) => i * stepMs), values, unit };
}

describe('what counts as a moved signal', () => {
  it('a recovery is not a cause: availability rising, errors falling', () => {
    expect(isImprovement('availability_Average', 'up')).toBe(true);
    expect(isImprovement('error_ratio', 'down')).toBe(true);
    expect(isImprovement('availability_Average', 'down')).toBe(false);
    expect(isImprovement('latency_p90', 'down')).toBe(false);
    expect(movedBeyondNormal(move('a', 'availability_Average', 50))).toBe(false);
    expect(movedBeyondNormal(move('a', 'availability_Average', 50, { direction: 'down', baselineMedian: 100, scale: 1, level: 0 }))).toBe(true);
  });

  it('one sample of a 5-minute series is a sustained observation; one 15 s scrape is not', () => {
    const coarse = [...Array(40).fill(1), 1, 1, 3, 1, 1];
    const m5 = scoreMovement(series('a', 'latency_seconds', coarse, 5 * MIN), { start: 42 * 5 * MIN, end: 44 * 5 * MIN }, { persistence: 2 })!;
    expect(m5.score).toBeGreaterThan(3);
    expect(movedBeyondNormal(m5)).toBe(true);
    const m15 = scoreMovement(series('a', 'latency_seconds', coarse, 15_000), { start: 42 * 15_000, end: 44 * 15_000 }, { persistence: 2 })!;
    expect(movedBeyondNormal(m15)).toBe(false);
  });

  it('a percentage held at 100 % that drops 4 points moved, though 4 % of its level', () => {
    const values = [...Array(100).fill(100), 96, 95.7, 100];
    const m = scoreMovement(series('a', 'availability_Average', values, 5 * MIN, 'percent'), { start: 100 * 5 * MIN, end: 102 * 5 * MIN }, { persistence: 2, peerFloor: 2 })!;
    expect(m.direction).toBe('down');
    expect(m.score).toBeGreaterThanOrEqual(3);
    expect(movedBeyondNormal(m)).toBe(true);
  });

  it('with too little before the window, the points after it are the normal behaviour (normal data recorded later)', () => {
    const step = 5 * MIN;
    // Two points before the window, the window, then 40 normal points long after it.
    const times = [0, step, 2 * step, 3 * step, 4 * step, ...Array.from({ length: 40 }, (_, i) => 1e9 + i * step)];
    const values = [0.1, 0.1, 0.6, 0.6, 0.6, ...Array.from({ length: 40 }, (_, i) => 0.1 + (i % 4) * 0.002)];
    const m = scoreMovement({ signal: 'latency_seconds', labels: {}, times, values }, { start: 2 * step, end: 4 * step }, { persistence: 2 });
    expect(m).not.toBeNull();
    expect(m!.baselineMedian).toBeCloseTo(0.1, 2);
    expect(movedBeyondNormal(m!)).toBe(true);
    // Enough points before: the later ones are not used.
    const before = scoreMovement({ signal: 'latency_seconds', labels: {}, times, values: values.map((v, i) => (i > 4 ? 5 : v)) }, { start: 2 * step, end: 4 * step }, { persistence: 2, minBaselinePoints: 2 });
    expect(before!.baselineMedian).toBeCloseTo(0.1, 5);
  });

  it('a fall in availability needs a quarter of the window, like a rise in errors; other drops need half', () => {
    const step = 5 * MIN;
    const window = { start: 100 * step, end: 102 * step };
    const avail = scoreMovement(series('a', 'availability_Average', [...Array(100).fill(100), 96, 99.6, 100], step, 'percent'), window, { persistence: 2 })!;
    expect(avail.deviatingPoints).toBe(1);
    expect(movedBeyondNormal(avail)).toBe(true);
    const cpu = scoreMovement(series('a', 'cpu_seconds_rate', [...Array(100).fill(50), 30, 49.8, 50], step, 'percent'), window, { persistence: 2 })!;
    expect(cpu.deviatingPoints).toBe(1);
    expect(movedBeyondNormal(cpu)).toBe(false);
  });

  it('a series already at its window level well before the window is scored on what changed since, when the symptom began in the window', () => {
    const step = 5 * MIN;
    const window = { start: 42 * step, end: 44 * step };
    // Normal for 40 samples, then already at 0 two samples before the window and through it.
    const held = series('elb', 'availability_Average', [...Array(40).fill(100), 0, 0, 0, 0, 0], step, 'percent');
    const symptom = series('site', 'latency_Average', [...Array(42).fill(0.1), 0.5, 0.5, 0.5], step);
    const cause = series('db', 'latency_Average', [...Array(42).fill(0.05), 0.45, 0.45, 0.45], step);
    const r = analyzeRootCause({ window, candidates: [held, cause], target: [symptom] });
    const heldMove = r.movements.find((m) => m.labels.service === 'elb')!;
    expect(heldMove.heldSince).toBe(40 * step);
    expect(movedBeyondNormal(heldMove)).toBe(false);
    // The symptom already high before the window too (a window inside a longer incident): no re-centring.
    const symptomHeld = series('site', 'latency_Average', [...Array(40).fill(0.1), 0.5, 0.5, 0.5, 0.5, 0.5], step);
    const r2 = analyzeRootCause({ window, candidates: [held, cause], target: [symptomHeld] });
    expect(heldMove.baselineMedian).toBe(0);
    expect(r2.movements.find((m) => m.labels.service === 'elb')!.baselineMedian).toBe(100);
  });
});

describe('call-graph ranking with a known symptom', () => {
  // site → api → db; site → batch → queue (batch's side has nothing to do with the symptom)
  const EDGES: ServiceEdge[] = [
    { caller: 'site', callee: 'api' },
    { caller: 'api', callee: 'db' },
    { caller: 'site', callee: 'batch' },
    { caller: 'batch', callee: 'queue' },
  ];

  it('a suspect the symptom reaches through anomalous services ranks before one it does not', () => {
    const moves = [
      move('site', 'latency_seconds', 10),
      move('api', 'latency_seconds', 8),
      move('db', 'cpu_percent', 6),
      move('batch', 'latency_seconds', 9),
      move('queue', 'cpu_percent', 30),
    ];
    expect(rankServices(moves, EDGES)[0].service).toBe('queue');
    // The symptom is api's: api cannot reach queue.
    expect(rankServices(moves, EDGES, { symptomServices: ['api'] })[0].service).toBe('db');
  });

  it('a callee that gained 4 ms does not explain a caller that gained 400 ms', () => {
    const moves = [move('api', 'latency_seconds', 40, { scale: 0.01 }), move('db', 'latency_seconds', 40, { scale: 0.0001 })];
    const ranks = rankServices(moves, EDGES);
    expect(ranks.find((r) => r.service === 'api')!.root).toBe(true);
    // The same callee gaining 300 ms explains it.
    const explained = rankServices([moves[0], move('db', 'latency_seconds', 30, { scale: 0.01 })], EDGES);
    expect(explained.find((r) => r.service === 'api')!.root).toBe(false);
  });

  it('a change in a callee\'s traffic does not explain its caller\'s latency', () => {
    const moves = [move('api', 'latency_seconds', 20), move('db', 'requests_Sum', 25, { direction: 'down' })];
    expect(rankServices(moves, EDGES).find((r) => r.service === 'api')!.root).toBe(true);
  });

  it('an availability symptom is explained by availability downstream, not by latency noise', () => {
    expect(symptomKindOf('availability_Average')).toBe('errors');
    expect(symptomKindOf('latency_Average')).toBe('latency');
    expect(symptomKindOf('requests_Sum')).toBeNull();
    const moves = [
      move('site', 'availability_Average', 5, { direction: 'down' }),
      move('api', 'availability_Average', 6, { direction: 'down' }),
      move('db', 'latency_seconds', 40),
    ];
    expect(rankServices(moves, EDGES, { symptomServices: ['site'] })[0].service).toBe('db');
    expect(rankServices(moves, EDGES, { symptomServices: ['site'], symptomKind: 'errors' })[0].service).toBe('api');
  });

  it('of two suspects, the one under more explained anomalies ranks first', () => {
    // site → lb (a leaf) and site → api → db: db explains api and site, lb only site.
    const edges = [...EDGES, { caller: 'site', callee: 'lb' }];
    const moves = [move('site', 'latency_seconds', 10), move('api', 'latency_seconds', 9), move('db', 'latency_seconds', 8), move('lb', 'latency_seconds', 50)];
    const ranks = rankServices(moves, edges, { symptomServices: ['site'] });
    expect(ranks.slice(0, 2).map((r) => r.service)).toEqual(['db', 'lb']);
    expect(explainedAbove(ranks, new Map([['db', new Set(['api'])], ['api', new Set(['site'])], ['lb', new Set(['site'])]])).get('db')).toBe(2);
  });

  it("a caller's view of an endpoint (X-Ray's _remote and _client nodes) is never a root", () => {
    expect(isCallerViewNode('servi-searc.us-west-2.elb.amazonaws.com_remote')).toBe(true);
    expect(isCallerViewNode('PetSearch_client')).toBe(true);
    expect(isCallerViewNode('PetSearch_AWS::ECS::Fargate')).toBe(false);
    const edges = [...EDGES, { caller: 'site', callee: 'search-elb_remote' }, { caller: 'site', callee: 'search' }];
    const moves = [move('site', 'latency_seconds', 10), move('search-elb_remote', 'latency_seconds', 60), move('search', 'latency_seconds', 30)];
    const ranks = rankServices(moves, edges, { symptomServices: ['site'] });
    expect(ranks[0].service).toBe('search');
    expect(ranks.find((r) => r.service === 'search-elb_remote')!.root).toBe(false);
  });
});

describe('the symptom without a target', () => {
  // site → api → db; site → batch. Nothing says which symptom is being explained.
  const EDGES: ServiceEdge[] = [
    { caller: 'site', callee: 'api' },
    { caller: 'api', callee: 'db' },
    { caller: 'site', callee: 'batch' },
  ];

  it("is the graph's entry services that moved, errors before latency", () => {
    const latencyOnly = [move('site', 'latency_seconds', 10), move('db', 'latency_seconds', 8)];
    expect(symptomOf(undefined, latencyOnly, EDGES, 'service', 3)).toMatchObject({ services: ['site'], kind: 'latency', inferred: true });
    const both = [...latencyOnly, move('site', 'availability_ratio', 6, { direction: 'down', baselineMedian: 1, scale: 0.01, level: 0 })];
    expect(symptomOf(undefined, both, EDGES, 'service', 3)).toMatchObject({ services: ['site'], kind: 'errors' });
    expect(symptomOf(undefined, [move('db', 'latency_seconds', 8)], EDGES, 'service', 3)).toEqual({ services: [], inferred: true });
    // A target decides when there is one.
    const target = [{ signal: 'latency_seconds', labels: { service: 'api' }, times: [], values: [] }];
    expect(symptomOf(target, both, EDGES, 'service', 3)).toMatchObject({ services: ['api'], kind: 'latency', inferred: false });
  });

  it('an error symptom at the entry ranks the service whose errors rose first, ahead of latency noise', () => {
    const moves = [
      move('site', 'error_ratio', 8),
      move('api', 'error_ratio', 6),
      move('batch', 'latency_seconds', 40),
    ];
    expect(rankServices(moves, EDGES, { symptomServices: ['site'], symptomKind: 'errors', symptomInferred: true })[0].service).toBe('api');
    expect(rankServices(moves, EDGES)[0].service).toBe('batch');
    // End to end, no target: the entry's error ratio rose, so api's errors explain it, not batch's latency.
    const step = 5 * MIN;
    const flat = (v: number) => Array.from({ length: 40 }, (_, i) => v + (i % 4) * v * 0.01);
    const r = analyzeRootCause({
      window: { start: 40 * step, end: 42 * step },
      candidates: [
        series('site', 'error_ratio', [...flat(0.01), 0.2, 0.2, 0.2], step, 'ratio'),
        series('api', 'error_ratio', [...flat(0.01), 0.3, 0.3, 0.3], step, 'ratio'),
        series('batch', 'latency_seconds', [...flat(0.1), 9, 9, 9], step),
      ],
      serviceEdges: EDGES,
    });
    expect(r.services![0].service).toBe('api');
  });
});
