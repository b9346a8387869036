import { describe, expect, it } from 'vitest';
import { decodeClassicTrace, decodeOtlpTraces } from './jaeger-decode';
import { parseSample } from './prometheus';
import { apiUrl } from './http';
import { summarize } from './trace-model';

describe('Prometheus sample values', () => {
  it('parses numbers, NaN and infinities as Prometheus writes them', () => {
    expect(parseSample('1.5')).toBe(1.5);
    expect(parseSample('+Inf')).toBe(Infinity);
    expect(parseSample('-Inf')).toBe(-Infinity);
    expect(Number.isNaN(parseSample('NaN'))).toBe(true);
    expect(Number.isNaN(parseSample('garbage'))).toBe(true);
  });

  it('keeps a path prefix of the configured URL (VictoriaMetrics cluster, proxies)', () => {
    expect(apiUrl('http://vm:8481/select/0/prometheus', '/api/v1/query').toString()).toBe(
      'http://vm:8481/select/0/prometheus/api/v1/query'
    );
    expect(apiUrl('http://prom:9090', '/api/v1/query').toString()).toBe('http://prom:9090/api/v1/query');
  });
});

describe('Jaeger decoding', () => {
  it('classic JSON: processes, CHILD_OF parents, span.kind, error tags, logs', () => {
    const t = decodeClassicTrace({
      traceID: 'abc',
      spans: [
        {
          traceID: 'abc',
          spanID: '1',
          operationName: 'root',
          references: [],
          startTime: 1_000_000,
          duration: 500_000,
          tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
          logs: [],
          processID: 'p1',
        },
        {
          traceID: 'abc',
          spanID: '2',
          operationName: 'child',
          references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: '1' }],
          startTime: 1_100_000,
          duration: 100_000,
          tags: [
            { key: 'error', type: 'bool', value: true },
            { key: 'otel.status_description', type: 'string', value: 'boom' },
          ],
          logs: [{ timestamp: 1_150_000, fields: [{ key: 'event', type: 'string', value: 'first_token' }] }],
          processID: 'p2',
        },
      ],
      processes: {
        p1: { serviceName: 'gateway', tags: [{ key: 'host', type: 'string', value: 'h' }] },
        p2: { serviceName: 'vllm', tags: [] },
      },
    });
    expect(t.spans.map((s) => [s.spanId, s.parentSpanId, s.serviceName, s.kind, s.statusCode])).toEqual([
      ['1', '', 'gateway', 'server', 0],
      ['2', '1', 'vllm', '', 2],
    ]);
    expect(t.spans[1]!.logs[0]).toMatchObject({ timestamp: 1_150_000, name: 'first_token' });
    expect(t.spans[1]!.statusMessage).toBe('boom');
    expect(summarize(t)).toMatchObject({
      rootService: 'gateway',
      rootOperation: 'root',
      startTimeMs: 1000,
      durationMs: 500,
      spanCount: 2,
      errorCount: 1,
    });
  });

  it('OTLP JSON (api/v3): resources, exact nanosecond times, kinds and status', () => {
    const traces = decodeOtlpTraces({
      result: {
        resourceSpans: [
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'svc' } },
                { key: 'k8s.pod.name', value: { stringValue: 'p' } },
              ],
            },
            scopeSpans: [
              {
                scope: { name: 'lib' },
                spans: [
                  {
                    traceId: 'AF7651916CD43DD8448EB211C80319C0',
                    spanId: 'b7ad6b7169203331',
                    name: 'op',
                    kind: 'SPAN_KIND_CLIENT',
                    startTimeUnixNano: '1795815145738000123',
                    endTimeUnixNano: '1795815146238000123',
                    attributes: [
                      { key: 'n', value: { intValue: '3' } },
                      { key: 'b', value: { boolValue: true } },
                    ],
                    events: [{ timeUnixNano: '1795815145800000000', name: 'evt', attributes: [] }],
                    status: { code: 2, message: 'bad' },
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(traces).toHaveLength(1);
    const s = traces[0]!.spans[0]!;
    expect(s).toMatchObject({
      traceId: 'af7651916cd43dd8448eb211c80319c0',
      serviceName: 'svc',
      kind: 'client',
      statusCode: 2,
      statusMessage: 'bad',
      scopeName: 'lib',
    });
    expect(s.startTime).toBe(1795815145738000);
    expect(s.duration).toBe(500_000);
    expect(s.tags).toEqual([
      { key: 'n', value: 3, type: 'float64' },
      { key: 'b', value: true, type: 'bool' },
    ]);
    expect(s.serviceTags).toEqual([{ key: 'k8s.pod.name', value: 'p', type: 'string' }]);
    expect(s.logs[0]).toMatchObject({ timestamp: 1795815145800000, name: 'evt' });
  });
});
