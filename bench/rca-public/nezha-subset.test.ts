// Our ranking on real microservice data: the committed Nezha subset (test/fixtures/nezha, MIT, see its
// README). The injected service must be named first, and a fault-free window must get "no cause".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from '../../pkg/analytics/rootcause/analyze';
import { listDays, loadDay, parseNezhaTime, readMetricCsv, serviceOfPod, splitCsvLine } from './nezha-data';
import { answerOf, caseInput, dayCallGraph, evaluateFault } from './nezha-eval';

const ROOT = path.join(__dirname, '../../test/fixtures/nezha');

describe('Nezha subset', () => {
  const days = listDays(ROOT).map((d) => loadDay(ROOT, d));

  it('loads both systems with their faults, pods and call graph', () => {
    expect(days.map((d) => [d.day, d.system, d.faults.length])).toEqual([
      ['2022-08-22', 'OnlineBoutique', 3],
      ['2023-01-29', 'TrainTicket', 1],
    ]);
    const ob = days[0];
    expect(new Set(ob.series.map((s) => s.labels.service)).size).toBe(10);
    const edges = dayCallGraph(ob).map((e) => `${e.caller}>${e.callee}`);
    expect(edges).toContain('frontend>checkoutservice');
    expect(edges).toContain('checkoutservice>paymentservice');
  });

  for (const [day, at, service] of [
    ['2022-08-22', '2022-08-22 04:27:03', 'cartservice'],
    ['2022-08-22', '2022-08-22 04:36:03', 'cartservice'],
    ['2022-08-22', '2022-08-22 04:44:16', 'checkoutservice'],
    ['2023-01-29', '2023-01-29 14:49:57', 'ts-food-service'],
  ] as const) {
    it(`names ${service} first for the fault injected at ${at}`, () => {
      const d = days.find((x) => x.day === day)!;
      const fault = d.faults.find((f) => f.at === parseNezhaTime(at))!;
      const r = evaluateFault(d, fault, dayCallGraph(d));
      expect(r.ranked[0]).toBe(service);
      expect(r.noCause).toBe(false);
    });
  }

  it('answers "no cause" on a fault-free window', () => {
    const d = days[0];
    const healthy = JSON.parse(readFileSync(path.join(ROOT, 'rca_data', d.day, 'healthy_windows.json'), 'utf8')) as string[];
    expect(healthy.length).toBeGreaterThan(0);
    for (const t of healthy) {
      const result = analyzeRootCause(caseInput(d, parseNezhaTime(t), dayCallGraph(d)));
      expect(answerOf(result).noCause).toBe(true);
    }
  });
});

describe('Nezha format readers', () => {
  it('parses times, pods and quoted CSV fields', () => {
    expect(parseNezhaTime('2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869')).toBe(Date.UTC(2022, 7, 22, 3, 51, 19, 607));
    expect(() => parseNezhaTime('yesterday')).toThrow(/unreadable time/);
    expect(serviceOfPod('ts-admin-basic-info-service-5f55b6cf68-77cfw')).toBe('ts-admin-basic-info-service');
    expect(serviceOfPod('currencyservice-cf787dd48-vpjrd')).toBe('currencyservice');
    expect(splitCsvLine('a,"b,c",,"f""g"')).toEqual(['a', 'b,c', '', 'f"g']);
  });
  it('reads pod metric columns (not the Node ones) and rejects a file without times', () => {
    const s = readMetricCsv('Time,TimeStamp,PodName,CpuUsageRate(%),NodeCpuUsageRate(%)\n2022-08-22 03:51:19.6 +0000 UTC,1,p-abcdef12-abcde,5,9\n', 'p-abcdef12-abcde');
    expect(s).toEqual([{ signal: 'CpuUsageRate(%)', labels: { service: 'p', pod: 'p-abcdef12-abcde' }, times: [Date.UTC(2022, 7, 22, 3, 51, 19, 600)], values: [5] }]);
    expect(() => readMetricCsv('A,B\n1,2\n', 'x')).toThrow(/no Time column/);
  });
});
