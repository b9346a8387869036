/** Whether a query has what its type needs to run; also gives the user-facing reason when not. */
import type { LlmOpsQuery } from './types';

export function missingField(q: LlmOpsQuery): string | undefined {
  switch (q.queryType ?? 'signal') {
    case 'signal':
      return q.signal ? undefined : 'Choose a signal';
    case 'promql':
      return q.expr?.trim() ? undefined : 'Enter a PromQL expression';
    case 'anomaly':
      if (!q.source) {
        return 'Choose what to watch for anomalies';
      }
      return q.source.queryType === 'promql' ? (q.source.expr?.trim() ? undefined : 'Enter a PromQL expression') : q.source.signal ? undefined : 'Choose a signal';
    case 'rootcause':
      return q.target?.signal ? undefined : 'Choose the target signal to explain';
    case 'cost':
      return undefined;
    case 'traces':
      return q.service?.trim() ? undefined : 'Choose a service';
    case 'trace':
      return q.traceId?.trim() ? undefined : 'Enter a trace ID';
    case 'compliance':
      return undefined; // no service = scan every service
    default:
      return `Unknown query type "${q.queryType}"`;
  }
}

export function isRunnable(q: LlmOpsQuery): boolean {
  return missingField(q) === undefined;
}

const DURATION = /^\d+(\.\d+)?(ns|us|µs|ms|s|m|h)$/;
export function durationError(value: string | undefined): string | undefined {
  return !value || DURATION.test(value.trim()) ? undefined : 'Use a duration such as 250ms, 1.5s or 2m';
}

export function traceIdError(value: string | undefined): string | undefined {
  return !value || /^[0-9a-fA-F]{1,32}$/.test(value.trim()) || value.includes('$') ? undefined : 'A trace ID is 16 or 32 hex characters';
}
