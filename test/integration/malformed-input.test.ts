// The malformed inputs of issue 15, one by one, through the built executable against a real (empty)
// Prometheus: each is a 400 with a short message, and a good query in the same request still answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle, type QuerySpec } from '../host';
import { startPrometheus, type RunningService } from '../support/services';

let prom: RunningService;
let plugin: PluginHandle;
let settings: { uid: string; url: string; jsonData: Record<string, unknown> };

beforeAll(async () => {
  [prom, plugin] = await Promise.all([startPrometheus(), startPlugin()]);
  // A Jaeger URL nothing listens on: traces/compliance must fail on their input before any request.
  settings = { uid: 'malformed', url: prom.url, jsonData: { jaegerUrl: 'http://127.0.0.1:9' } };
}, 120_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
});

const NOW = 1_700_003_600_000;
const good: QuerySpec = {
  refId: 'GOOD',
  queryType: 'test',
  model: { seriesCount: 1, points: 3 },
  from: NOW - 3_600_000,
  to: NOW,
};

async function answer(bad: QuerySpec) {
  const json = await plugin.queryJson([bad, good], { settings });
  expect(json.results.GOOD!.status).toBe(200);
  return json.results[bad.refId]!;
}

describe('malformed input: a 400 with a short message, whatever the data', () => {
  it.each(['traces', 'compliance', 'test', 'promql', 'signal', 'cost', 'anomaly', 'rootcause', 'trace'])(
    'a time range past year 2262 on %s',
    async (queryType) => {
      for (const [from, to] of [
        [NOW, 1e16],
        [-1e16, NOW],
        [9.3e12, 9.4e12],
      ] as const) {
        const r = await answer({
          refId: 'A',
          queryType,
          model: { service: 's', traceId: 'ab', expr: 'up', signal: 'ttft' },
          from,
          to,
        });
        expect(r.status).toBe(400);
        expect(r.error).toMatch(/outside the years 1677–2262/);
      }
    }
  );

  it('a metric nested 5,000 levels deep', async () => {
    const deep = '{"metric":'.repeat(5000) + '1' + '}'.repeat(5000);
    for (const queryType of ['cost', 'signal', 'promql']) {
      const r = await answer({
        refId: 'A',
        queryType,
        model: `{"refId":"A","queryType":"${queryType}","metric":${deep}}`,
      });
      expect(r.status).toBe(400);
      expect(r.error).toMatch(/nests deeper than 64 levels/);
    }
  });

  it('a 4 MB string is never echoed in full', async () => {
    const huge = 'Q'.repeat(4 * 1024 * 1024);
    for (const [queryType, field] of [
      ['promql', 'expr'],
      ['cost', 'metric'],
      ['signal', 'signal'],
      ['traces', 'service'],
      [huge, 'queryType'],
    ] as const) {
      const r = await answer({ refId: 'A', queryType, model: { queryType, [field]: huge } });
      expect(r.status, field).toBe(400);
      expect(r.error!.length, field).toBeLessThan(2100);
      expect(r.error).not.toContain('Q'.repeat(300));
    }
  });

  it('invalid regexes are a 400 even when no engine has the signal', async () => {
    const regexes = ['[', '(', 'a{2,1}', '*', '+', '?', 'a**', '[z-a]', '(?=x)', '(?!x)', '(?<=x)', 'a\\1', '\\', '(a'];
    expect(regexes).toHaveLength(14);
    for (const re of regexes) {
      for (const filter of [`/${re}/`, { op: '=~', value: re }, { op: '!~', value: re }]) {
        const r = await answer({
          refId: 'A',
          queryType: 'signal',
          model: { signal: 'ttft', filters: { model: filter } },
        });
        expect(r.status, `${re} ${JSON.stringify(filter)}`).toBe(400);
        expect(r.error).toMatch(/regex/);
      }
    }
  });

  it('prototype-named labels: 400 for __proto__ filters, correct answers otherwise', async () => {
    const proto = await answer({
      refId: 'A',
      queryType: 'signal',
      model: '{"refId":"A","queryType":"signal","signal":"ttft","filters":{"__proto__":"x"}}',
    });
    expect(proto.status).toBe(400);
    expect(proto.error).toMatch(/has a "__proto__" key/);
    for (const label of ['constructor', 'toString', 'hasOwnProperty']) {
      const r = await answer({
        refId: 'A',
        queryType: 'signal',
        model: { signal: 'ttft', groupBy: [label], filters: { [label]: 'x' } },
      });
      expect(r.status).toBe(200);
    }
    for (const label of ['__proto__', 'constructor', 'toString']) {
      for (const path of ['signal-label-values', 'label-values']) {
        const res = await plugin.callResource({ path, settings, query: `label=${label}` });
        const body = JSON.parse(res.body.toString('utf8')) as { data?: unknown[] };
        if (res.status === 200) expect(body.data, `${path} ${label}`).toEqual([]);
        else expect(res.status).toBe(400);
      }
    }
  });
});
