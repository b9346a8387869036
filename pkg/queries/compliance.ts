// `compliance` query type: scans span attributes and span events of the traces in the time range (Jaeger)
// for sensitive data — e-mail addresses, phone numbers, Luhn-valid card numbers, API keys and bearer
// tokens, IP addresses — and returns redacted findings. Raw values stay in this process: frames carry
// masks and redacted excerpts only, and nothing here logs span content.
import { SENSITIVE_KINDS, type ScannableSpan, type SensitiveKind } from '../analytics/compliance';
import { computeOf } from '../compute';
import type { Notice } from '../grafana/frame';
import { complianceQuerySchema } from '../model/query';
import type { Trace } from '../upstream/trace-model';
import {
  bucketMs,
  findingsFrame,
  instantFrames,
  overTimeFrames,
  type ComplianceFrameContext,
} from './compliance/frames';
import { requireJaeger } from '../datasource/data-context';
import { parseQuery } from './parse-query';
import { withQueryErrors } from './promql/errors';
import { mapLimit } from './rootcause/fetch-signal';
import type { QueryHandler } from './types';

/** Services scanned when no service is chosen, and findings returned, at most. */
const MAX_SERVICES = 50;
const MAX_FINDINGS = 5000;

export const complianceQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(complianceQuerySchema, { ...ctx.query, queryType: 'compliance' }, 'compliance');
  const data = ctx.instance.data();
  const jaeger = requireJaeger(data);
  const kinds: readonly SensitiveKind[] = q.kinds?.length
    ? SENSITIVE_KINDS.filter((k) => q.kinds!.includes(k))
    : SENSITIVE_KINDS;
  return withQueryErrors(async () => {
    const notices: Notice[] = [];
    let services = q.service ? [q.service] : await jaeger.services(ctx.signal);
    if (services.length > MAX_SERVICES) {
      notices.push({
        severity: 'warning',
        text: `Scanned the first ${MAX_SERVICES} of ${services.length} services: choose a service to scan the others.`,
      });
      services = services.slice(0, MAX_SERVICES);
    }
    const results = await mapLimit(services, 4, (service) =>
      jaeger.search(
        { service, operation: q.operation || undefined, limit: q.limit, startMs: ctx.range.from, endMs: ctx.range.to },
        ctx.signal
      )
    );
    const traces = new Map<string, Trace>();
    const full: string[] = [];
    results.forEach((list, i) => {
      if (list.length >= q.limit) full.push(services[i]!);
      for (const t of list) if (!traces.has(t.traceId)) traces.set(t.traceId, t);
    });
    if (full.length) {
      notices.push({
        severity: 'warning',
        text: `Trace limit (${q.limit}) reached for ${full.slice(0, 5).join(', ')}${full.length > 5 ? ' …' : ''}: only the most recent traces were scanned. Raise limit or narrow the time range.`,
      });
    }
    const spans: ScannableSpan[] = [];
    for (const t of traces.values()) for (const sp of t.spans) spans.push(sp);
    const { findings, stats } = await computeOf(ctx).run('scanSpans', { spans, kinds: [...kinds] }, ctx.signal);
    let shown = findings;
    if (findings.length > MAX_FINDINGS && q.view === 'findings' && !q.instant) {
      notices.push({ severity: 'warning', text: `Showing the newest ${MAX_FINDINGS} of ${findings.length} findings.` });
      shown = [...findings].sort((a, b) => b.timeMs - a.timeMs).slice(0, MAX_FINDINGS);
    }
    const frameCtx: ComplianceFrameContext = {
      refId: ctx.refId,
      datasourceUid: data.uid,
      datasourceName: data.name,
      executedQueryString: `compliance scan: ${q.service ? `service=${q.service}` : `all services (${services.length})`}${q.operation ? ` operation=${q.operation}` : ''} limit=${q.limit} per service; kinds=${kinds.join(',')}; scanned ${stats.traces} traces, ${stats.spans} spans, ${stats.values} values`,
      notices,
      custom: {
        tracesScanned: stats.traces,
        spansScanned: stats.spans,
        valuesScanned: stats.values,
        findings: findings.length,
        services,
      },
    };
    if (q.instant) return instantFrames(findings, kinds, frameCtx);
    if (q.view === 'over_time') {
      return overTimeFrames(
        findings,
        kinds,
        ctx.range,
        bucketMs(ctx.range.from, ctx.range.to, ctx.maxDataPoints, ctx.intervalMs),
        frameCtx
      );
    }
    return [findingsFrame(shown, frameCtx)];
  });
};
