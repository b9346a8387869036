// Our ranking on real microservice data: the committed PetShop subset (test/fixtures/petshop, CC-BY-4.0,
// see its README). The injected node must be named first, by the dataset's own protocol (the normal
// data as history, the issue's rows from the third on as the window, the call graph, the symptom).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from '../../pkg/analytics/rootcause/analyze';
import { answerOf } from './nezha-eval';
import { listScenarios, loadScenario, readPetShopGraph, readPetShopMetrics } from './petshop-data';
import { evaluateIssue, issueInput, joinSeries, specificityInput, specificitySplits, TRIGGER_ROW } from './petshop-eval';

const ROOT = path.join(__dirname, '../../test/fixtures/petshop');

describe('PetShop subset', () => {
  const s = loadScenario(ROOT, 'low_traffic');

  it('loads the call graph, the normal data and the issues with their ground truth', () => {
    expect(listScenarios(ROOT)).toEqual(['low_traffic']);
    const edges = s.edges.map((e) => `${e.caller}>${e.callee}`);
    expect(edges).toContain('PetSite>payforadoption_AWS::ECS::Container');
    expect(edges).toContain('lambdastatusupdater_AWS::Lambda::Function>petInfo_AWS::DynamoDB::Table');
    expect(s.normal!.times).toHaveLength(144);
    expect(s.issues).toHaveLength(8);
    const latency = s.normal!.series.find((x) => x.signal === 'latency_Average' && x.labels.service === 'PetSite')!;
    expect(latency.unit).toBe('s');
    expect(s.normal!.series.find((x) => x.signal === 'availability_Average')!.unit).toBe('percent');
  });

  for (const id of ['train/issue_0', 'train/issue_4', 'test/issue_0', 'test/issue_1', 'test/issue_2', 'test/issue_10', 'test/issue_12', 'test/issue_14']) {
    it(`names the injected node first for low_traffic/${id}`, () => {
      const issue = s.issues.find((i) => i.id === `low_traffic/${id}`)!;
      const r = evaluateIssue(s, issue, s.edges);
      expect(r.noCause).toBe(false);
      expect(r.ranked[0]).toBe(issue.rootCause);
    });
  }

  it('places the normal data right before the issue rows and opens the window at the trigger row', () => {
    const issue = s.issues[0];
    const input = issueInput(s, issue, s.edges);
    expect(input.window.start).toBe(issue.times[TRIGGER_ROW]);
    const site = input.candidates.find((x) => x.signal === 'latency_Average' && x.labels.service === 'PetSite')!;
    expect(site.times).toHaveLength(144 + issue.times.length);
    expect(site.times[143]).toBe(issue.times[0] - 300_000);
    expect(input.target?.map((t) => `${t.labels.service}/${t.signal}`)).toEqual([`PetSite/${issue.target.metric}_Average`]);
  });

  it('answers "no cause" on most splits of the normal data (the protocol\'s specificity)', () => {
    const splits = specificitySplits(s.normal!.times.length);
    expect(splits.length).toBeGreaterThanOrEqual(4);
    const empty = splits.filter((split) => answerOf(analyzeRootCause(specificityInput(s, split, s.issues[0].target, s.edges))).noCause).length;
    expect(empty / splits.length).toBeGreaterThanOrEqual(0.75);
  });
});

describe('PetShop format readers', () => {
  it('reads three header rows and a timestamp row; empty cells are gaps', () => {
    const text = 'microservice,a,a\nmetric,latency,requests\nstatistic,Average,Sum\nunix_timestamp,,\n1700000000.0,0.5,\n1700000300.0,,3.0\n';
    const { times, series } = readPetShopMetrics(text, 'x');
    expect(times).toEqual([1700000000000, 1700000300000]);
    expect(series.map((x) => [x.signal, x.values, x.unit])).toEqual([
      ['latency_Average', [0.5, null], 's'],
      ['requests_Sum', [null, 3], undefined],
    ]);
    expect(() => readPetShopMetrics('a,b\n', 'bad.csv')).toThrow(/bad.csv/);
  });
  it('reads the adjacency matrix row → column as caller → callee', () => {
    expect(readPetShopGraph(',a,b\na,0.0,1.0\nb,0.0,0.0\n')).toEqual([{ caller: 'a', callee: 'b' }]);
  });
  it('joins history and recent rows per column', () => {
    const h = [{ signal: 'x', labels: { service: 'a' }, times: [0], values: [1] }];
    const r = [{ signal: 'x', labels: { service: 'a' }, times: [10], values: [2] }, { signal: 'y', labels: { service: 'a' }, times: [10], values: [3] }];
    expect(joinSeries(h, r, 5).map((x) => [x.signal, x.times, x.values])).toEqual([
      ['x', [5, 10], [1, 2]],
      ['y', [10], [3]],
    ]);
  });
});
