import { describe, expect, it } from 'vitest';
import { maskValue, redactedExcerpt, redactText } from './redact';
import { findSensitive } from './scan';
import { scanSpans, type ScannableSpan } from './scan-trace';

describe('masks', () => {
  it('keep only what helps triage', () => {
    expect(maskValue({ kind: 'email', rule: 'email' }, 'olga.gonzalez@example.com')).toBe('o***@example.com');
    expect(maskValue({ kind: 'credit_card', rule: 'payment_card' }, '4111-1111-1111-1111')).toBe('****-****-****-1111');
    expect(maskValue({ kind: 'phone', rule: 'phone_international' }, '+1-415-555-0413')).toBe('+*-***-***-**13');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv4' }, '10.12.200.7')).toBe('10.*.*.*');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, '2001:db8::1')).toBe('2001:****');
    expect(maskValue({ kind: 'api_key', rule: 'openai_key' }, 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t')).toBe('sk-proj-**** (32 chars)');
    expect(maskValue({ kind: 'api_key', rule: 'bearer_token' }, 'Bearer abc123def456ghi789')).toBe('Bearer **** (25 chars)');
    expect(maskValue({ kind: 'api_key', rule: 'secret_assignment' }, 'hunter2x')).toBe('**** (8 chars)');
  });
});

describe('redacted excerpts', () => {
  const text = 'Please send the summary to olga.gonzalez@example.com and charge 4111111111111111, from 10.1.2.3 today.';
  const matches = findSensitive(text);

  it('mask every finding, not only the one the excerpt is about', () => {
    expect(matches.map((m) => m.kind)).toEqual(['email', 'credit_card', 'ip_address']);
    expect(redactText(text, matches).text).toBe('Please send the summary to [o***@example.com] and charge [************1111], from [10.*.*.*] today.');
    for (let i = 0; i < matches.length; i++) {
      const ex = redactedExcerpt(text, matches, i, 30);
      expect(ex).not.toContain('olga.gonzalez');
      expect(ex).not.toContain('4111111111111111');
      expect(ex).not.toContain('10.1.2.3');
    }
    expect(redactedExcerpt(text, matches, 1, 10)).toBe('…nd charge [************1111], from [10.*.*.*]…');
  });

  it('collapses whitespace and marks cuts', () => {
    const t = 'line one\n\n   call +1-415-555-0413\tnow';
    const m = findSensitive(t);
    expect(redactedExcerpt(t, m, 0, 6)).toBe('…call [+*-***-***-**13] now');
  });
});

describe('scanSpans', () => {
  const span = (over: Partial<ScannableSpan>): ScannableSpan => ({
    traceId: 'abc',
    spanId: 's1',
    operationName: 'chat',
    serviceName: 'gateway',
    startTime: 1_700_000_000_000_000,
    tags: [],
    logs: [],
    ...over,
  });

  it('finds values in attributes (strings and integers) and span events, with redacted excerpts', () => {
    const { findings, stats } = scanSpans([
      span({
        tags: [
          { key: 'gen_ai.input.messages', value: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'my card is 5555555555554444' }] }]) },
          { key: 'payment.card', value: 4111111111111111 },
          { key: 'gen_ai.usage.input_tokens', value: 812 },
          { key: 'cache.hit', value: false },
        ],
        logs: [{ timestamp: 1_700_000_000_500_000, name: 'exception', fields: [{ key: 'exception.message', value: 'cannot reach 10.0.4.17:5432' }] }],
      }),
      span({ traceId: 'def', spanId: 's2', tags: [{ key: 'gen_ai.prompt', value: 'Summarize the meeting notes.' }] }),
    ]);
    expect(findings.map((f) => [f.traceId, f.location, f.attribute, f.kind, f.timeMs])).toEqual([
      ['abc', 'attribute', 'gen_ai.input.messages', 'credit_card', 1_700_000_000_000],
      ['abc', 'attribute', 'payment.card', 'credit_card', 1_700_000_000_000],
      ['abc', 'event', 'exception: exception.message', 'ip_address', 1_700_000_000_500],
    ]);
    expect(findings[0]!.excerpt).toBe('…":[{"type":"text","content":"my card is [************4444]"}]}]');
    expect(findings[2]!.excerpt).toBe('cannot reach [10.*.*.*]:5432');
    expect(stats).toEqual({ traces: 2, spans: 2, values: 5 });
    expect(JSON.stringify(findings)).not.toMatch(/5555555555554444|4111111111111111|10\.0\.4\.17/);
  });
});
